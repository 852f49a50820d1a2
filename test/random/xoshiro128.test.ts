import { describe, expect, it } from "vitest";
import { fmix32 } from "../../src/random/hash";
import { Xoshiro128 } from "../../src/random/xoshiro128";

/** xoshiro128** transcribed from Blackman and Vigna's C reference, in BigInt so it shares no code. */
function reference(state: bigint[], n: number): number[] {
  const s = [...state];
  const M = 0xffffffffn;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const result = (rotl((s[1] * 5n) & M, 7n) * 9n) & M;
    const t = (s[1] << 9n) & M;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
    out.push(Number(BigInt.asIntN(32, result)));
  }
  return out;
}

describe("Xoshiro128", () => {
  it("follows the reference algorithm from its fmix32-spread seed", () => {
    let h = 12345;
    const state: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      h = fmix32(h + 0x6d2b79f5);
      state.push(BigInt(h >>> 0));
    }
    const gen = new Xoshiro128(12345);
    expect(Array.from({ length: 1000 }, () => gen.next())).toEqual(reference(state, 1000));
  });

  it("replays a seed, separates neighbouring seeds and has uniform top bits", () => {
    const draw = (seed: number) => {
      const gen = new Xoshiro128(seed);
      return Array.from({ length: 8 }, () => gen.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const gen = new Xoshiro128(1);
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[gen.next() >>> 29]++;
    // Chi-square, 7 degrees of freedom, critical 24.3 at alpha = 0.001.
    expect(counts.reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0)).toBeLessThan(24.3);
  });
});
