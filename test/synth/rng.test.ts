import { describe, expect, it } from "vitest";
import { hashKeys } from "../../src/random/hash";
import { logFactorial } from "../../src/random/poisson";
import { Rng } from "../../src/synth/rng";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe("Rng", () => {
  it("replays a stream from (seed, keys) and separates neighbouring keys", () => {
    const a = new Rng(42, [7]);
    const b = new Rng(42, [7]);
    const c = new Rng(42, [8]);
    const xa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xa);
    expect(hashKeys(1, [2, 3])).not.toBe(hashKeys(1, [3, 2]));
  });

  it("draws uniform numbers in [0, 1) with mean 1/2 and variance 1/12", () => {
    const rng = new Rng(1);
    const { mean, variance } = moments(() => rng.uniform(), 200_000);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it("draws unbiased integers over an inclusive range", () => {
    const rng = new Rng(2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.int(4, 6) - 4]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it("draws standard normals by the ziggurat with the right moments and tails", () => {
    const rng = new Rng(3);
    const n = 400_000;
    const xs = Array.from({ length: n }, () => rng.normal());
    const { mean, variance } = moments(
      (() => {
        let i = 0;
        return () => xs[i++];
      })(),
      n,
    );
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(variance).toBeCloseTo(1, 2);
    // P(|Z| > 2) = 0.0455, P(Z > 3.5) = 2.33e-4 (checks the ziggurat's base strip and tail).
    expect(xs.filter((x) => Math.abs(x) > 2).length / n).toBeCloseTo(0.0455, 2);
    expect(xs.filter((x) => x > 3.5).length / n).toBeGreaterThan(1e-4);
    expect(xs.filter((x) => x > 3.5).length / n).toBeLessThan(4e-4);
  });

  it.each([0.5, 4, 9.9, 10, 30, 1000, 1e6])("draws Poisson(%d) with mean and variance lambda", (lambda) => {
    const rng = new Rng(4, [lambda]);
    const n = 100_000;
    const { mean, variance } = moments(() => rng.poisson(lambda), n);
    const se = Math.sqrt(lambda / n);
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * se);
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.03);
  });

  it("matches the Poisson(15) probabilities in the PTRS range", () => {
    const rng = new Rng(5);
    const n = 200_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = rng.poisson(15);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const k of [8, 12, 15, 18, 22]) {
      const p = Math.exp(-15 + k * Math.log(15) - logFactorial(k));
      expect(Math.abs((counts.get(k) ?? 0) / n - p)).toBeLessThan(5 * Math.sqrt(p / n));
    }
  });

  it("picks indices in proportion to their weights and never a zero weight", () => {
    const rng = new Rng(6);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[rng.pick([1, 0, 3])]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeCloseTo(3, 0);
  });

  it("keeps truncated normals and log-normals where they belong", () => {
    const rng = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const x = rng.truncatedNormal(0, 1, -0.5, 0.25);
      expect(x).toBeGreaterThanOrEqual(-0.5);
      expect(x).toBeLessThanOrEqual(0.25);
    }
    const logs = Array.from({ length: 20_001 }, () => rng.logNormal(2, 0.5)).sort((a, b) => a - b);
    expect(logs[10_000]).toBeCloseTo(2, 1);
  });
});
