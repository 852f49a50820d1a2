import { fmix32 } from "./hash";
import type { IntSource } from "./rng";

/**
 * xoshiro128** (Blackman and Vigna 2018): 128 bits of state in four 32-bit words, so every step is a
 * handful of 32-bit integer operations. pure-rand's xoroshiro128+ emulates 64-bit arithmetic with pairs of
 * 32-bit words and is several times slower, which dominates per-pixel noise. Only integer operations that
 * ECMAScript specifies exactly are used, so every engine draws the same stream.
 */
export class Xoshiro128 implements IntSource {
  /**
   * The four state words, in order. An Int32Array, not four number fields: V8 keeps only 31-bit integers
   * unboxed in object fields, so fields would allocate a heap number on most writes. Public so that a hot
   * loop can copy it into local variables, step inline (as {@link Xoshiro128.next} does) and write it back
   * before handing the generator to other code: a method call per draw costs about as much as the step.
   */
  readonly s = new Int32Array(4);

  /**
   * @param seed - a 32-bit seed (any number; its low 32 bits are used), spread over the state through
   * fmix32 so that neighbouring seeds give unrelated streams
   */
  constructor(seed: number) {
    let h = seed | 0;
    for (let i = 0; i < 4; i++) {
      h = fmix32(h + 0x6d2b79f5);
      this.s[i] = h;
    }
    // The all-zero state is a fixed point; fmix32 is a bijection, so at most one word can be 0.
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[3] = 1;
  }

  /**
   * Advance and draw.
   *
   * @returns a 32-bit signed integer
   */
  next(): number {
    const s = this.s;
    const s0 = s[0];
    const s1 = s[1];
    const s2 = s[2] ^ s0;
    const s3 = s[3] ^ s1;
    const m = Math.imul(s1, 5);
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = (s3 << 11) | (s3 >>> 21);
    return Math.imul((m << 7) | (m >>> 25), 9);
  }
}
