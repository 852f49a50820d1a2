import { logFactorial } from "../random/poisson";
import { keyedRng } from "../random/rng";

// The generator and its keying are shared (src/random). The distributions below are the simulator's own
// on purpose: their exact streams (low-bit ziggurat layers, Math.exp tables, 32-bit inversion) fix every
// simulated cell, the bundled samples and the trained models' data, which the shared ones would change.

// Ziggurat tables for a signed 32-bit draw, after Marsaglia and Tsang (2000), 128 strips.
const ZIGGURAT_R = 3.442619855899;
/** Ziggurat fast-path bounds: a draw `hz` with `Math.abs(hz) < ZIGGURAT_K[hz & 127]` is accepted. */
export const ZIGGURAT_K = new Float64Array(128);
/** Ziggurat strip widths: an accepted draw `hz` is the standard normal `hz * ZIGGURAT_W[hz & 127]`. */
export const ZIGGURAT_W = new Float64Array(128);
const ZIGGURAT_F = new Float64Array(128);
{
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = ZIGGURAT_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  ZIGGURAT_K[0] = (dn / q) * m1;
  ZIGGURAT_K[1] = 0;
  ZIGGURAT_W[0] = q / m1;
  ZIGGURAT_W[127] = dn / m1;
  ZIGGURAT_F[0] = 1;
  ZIGGURAT_F[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    ZIGGURAT_K[i + 1] = (dn / tn) * m1;
    tn = dn;
    ZIGGURAT_F[i] = Math.exp(-0.5 * dn * dn);
    ZIGGURAT_W[i] = dn / m1;
  }
}

const TWO_POW_MINUS_32 = 2 ** -32;

/**
 * A seeded random stream (the shared keyed xoroshiro128+) with the distributions the simulator needs.
 *
 * Streams are derived from `(seed, ...keys)` by hashing, so cell `i` of a seed gets the same stream
 * however many cells were drawn before it. A stream is mutable: each draw advances it.
 */
export class Rng {
  /**
   * The xoroshiro128+ state in pure-rand's word order (`s01, s00, s11, s10`), stepped here rather than
   * through pure-rand's object, whose number fields allocate a heap number on most writes. An Int32Array
   * so V8 keeps the words unboxed; public so that a per-pixel loop can copy it into locals, step inline
   * exactly as {@link Rng.next} does, and write it back before calling any other method.
   */
  readonly s = new Int32Array(4);

  /**
   * @param seed - base seed (an integer)
   * @param keys - stream keys: the same (seed, keys) always gives the same sequence
   */
  constructor(seed: number, keys: readonly number[] = []) {
    this.s.set(keyedRng(seed, keys).getState());
  }

  /**
   * Advance and draw: pure-rand's xoroshiro128+ step, word for word.
   *
   * @returns a 32-bit signed integer
   */
  next(): number {
    const s = this.s;
    const s01 = s[0];
    const s00 = s[1];
    const a0 = s[3] ^ s00;
    const a1 = s[2] ^ s01;
    const out = (s00 + s[3]) | 0;
    s[1] = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
    s[0] = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    s[3] = (a1 << 5) ^ (a0 >>> 27);
    s[2] = (a0 << 5) ^ (a1 >>> 27);
    return out;
  }

  /**
   * A uniform number in [0, 1) with 32 bits of resolution (plenty for pixel noise, and one generator
   * step instead of two).
   *
   * @returns the draw
   */
  uniform(): number {
    return (this.next() >>> 0) * TWO_POW_MINUS_32;
  }

  /**
   * A uniform number in [lo, hi).
   *
   * @param lo - lower bound
   * @param hi - upper bound
   * @returns the draw
   */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /**
   * A uniform integer in [lo, hi], both included, without modulo bias.
   *
   * @param lo - lowest value
   * @param hi - highest value
   * @returns the draw
   */
  int(lo: number, hi: number): number {
    const span = hi - lo + 1;
    // Rejection on the top partial block of 2^32 keeps every value equally likely.
    const limit = 0x100000000 - (0x100000000 % span);
    for (;;) {
      const draw = this.next() >>> 0;
      if (draw < limit) return lo + (draw % span);
    }
  }

  /**
   * True with probability `p`.
   *
   * @param p - probability in [0, 1]
   * @returns the draw
   */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /**
   * A standard-normal-based draw by Marsaglia and Tsang's ziggurat (2000, J. Stat. Softw. 5(8)) with 128
   * layers: exact, and one generator step for about 98% of draws, which matters at one draw per pixel.
   *
   * @param mean - mean
   * @param sd - standard deviation
   * @returns the draw
   */
  normal(mean = 0, sd = 1): number {
    for (;;) {
      const hz = this.next();
      const iz = hz & 127;
      if (Math.abs(hz) < ZIGGURAT_K[iz]) return mean + sd * hz * ZIGGURAT_W[iz];
      const z = this.normalSlow(hz, iz);
      if (!Number.isNaN(z)) return mean + sd * z;
    }
  }

  // The ziggurat's rare paths: the base strip's tail, or a wedge test; NaN means "rejected, draw again".
  private normalSlow(hz: number, iz: number): number {
    if (iz === 0) {
      for (;;) {
        const x = -Math.log(1 - this.uniform()) / ZIGGURAT_R;
        const y = -Math.log(1 - this.uniform());
        if (y + y >= x * x) return hz > 0 ? ZIGGURAT_R + x : -ZIGGURAT_R - x;
      }
    }
    const x = hz * ZIGGURAT_W[iz];
    if (ZIGGURAT_F[iz] + this.uniform() * (ZIGGURAT_F[iz - 1] - ZIGGURAT_F[iz]) < Math.exp(-0.5 * x * x))
      return x;
    return Number.NaN;
  }

  /**
   * A normal draw restricted to [lo, hi] by rejection (falls back to clamping after 64 tries, which only
   * happens when the interval lies far in a tail).
   *
   * @param mean - mean of the untruncated normal
   * @param sd - its standard deviation
   * @param lo - lowest allowed value
   * @param hi - highest allowed value
   * @returns the draw
   */
  truncatedNormal(mean: number, sd: number, lo: number, hi: number): number {
    for (let i = 0; i < 64; i++) {
      const x = this.normal(mean, sd);
      if (x >= lo && x <= hi) return x;
    }
    return Math.min(hi, Math.max(lo, mean));
  }

  /**
   * A log-normal draw given its median and the standard deviation of its log.
   *
   * @param median - median (= exp of the log-mean)
   * @param logSd - standard deviation of the natural log
   * @returns the draw
   */
  logNormal(median: number, logSd: number): number {
    return median * Math.exp(this.normal(0, logSd));
  }

  /**
   * A Poisson draw. Below lambda 10: inversion by sequential search (exact, about lambda steps).
   * From 10 up: Hormann's PTRS transformed rejection (exact, about 1.1 tries whatever lambda), the
   * algorithm NumPy uses; Knuth's product method would underflow `exp(-lambda)` above about 745.
   *
   * @param lambda - mean (>= 0; 0 or less gives 0)
   * @returns a non-negative integer
   */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 10) {
      let k = 0;
      let p = Math.exp(-lambda);
      let cumulative = p;
      const u = this.uniform();
      // The bound guards the tail, where rounding could keep `cumulative` just under u forever.
      while (u > cumulative && k < 200) {
        k++;
        p *= lambda / k;
        cumulative += p;
      }
      return k;
    }
    return this.ptrs(lambda);
  }

  // W. Hormann (1993), "The transformed rejection method for generating Poisson random variables",
  // Insurance: Mathematics and Economics 12:39-45, algorithm PTRS.
  private ptrs(lambda: number): number {
    const b = 0.931 + 2.53 * Math.sqrt(lambda);
    const a = -0.059 + 0.02483 * b;
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      // About 90% of draws stop here, so the logarithms below are only paid on the slow path.
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
      if (
        Math.log((v * invAlpha) / (a / (us * us) + b)) <=
        -lambda + k * Math.log(lambda) - logFactorial(k)
      ) {
        return k;
      }
    }
  }

  /**
   * An index drawn with probability proportional to its weight.
   *
   * @param weights - non-negative weights, not all zero
   * @returns an index into `weights`
   */
  pick(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0 && weights[i] > 0) return i;
    }
    // Rounding can leave u at exactly 0 past the end; the last positive weight is the right answer then.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return 0;
  }
}
