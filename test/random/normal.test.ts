import { describe, expect, it } from "vitest";
import { normal, normalRejected, ZIGGURAT_K, ZIGGURAT_W } from "../../src/random/normal";
import { createRng } from "../../src/random/rng";
import { KS_CRITICAL, ksStatistic, N } from "./helpers";

/** Abramowitz and Stegun 7.1.26 (|error| < 1.5e-7), enough for a KS test at this n. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x < 0 ? -y : y;
}

describe("normal", () => {
  it("is standard normal (ziggurat), tails included", () => {
    const rng = createRng(13);
    const xs = Array.from({ length: N }, () => normal(rng));
    expect(ksStatistic(xs, (x) => 0.5 * (1 + erf(x / Math.SQRT2)))).toBeLessThan(KS_CRITICAL);
    const tail = xs.filter((x) => Math.abs(x) > 3.442619855899).length / N;
    // P(|Z| > R) = 5.76e-4: about 11.5 expected in 20000.
    expect(tail).toBeGreaterThan(1e-4);
    expect(tail).toBeLessThan(1.5e-3);
  });

  it("draws from any source of 32-bit integers", () => {
    let i = 0;
    const counter = { next: () => Math.imul(++i, 0x9e3779b9) };
    const xs = Array.from({ length: 1000 }, () => normal(counter));
    expect(xs.every(Number.isFinite)).toBe(true);
    i = 0;
    expect(Array.from({ length: 1000 }, () => normal(counter))).toEqual(xs);
  });
});

describe("ziggurat fast path", () => {
  it("inlined with normalRejected, draws exactly what normal draws", () => {
    const a = createRng(21);
    const b = createRng(21);
    const inlined = () => {
      const j = b.next();
      const iz = j >>> 25;
      const hz = j << 7;
      return Math.abs(hz) < ZIGGURAT_K[iz] ? hz * ZIGGURAT_W[iz] : normalRejected(b, hz, iz);
    };
    expect(Array.from({ length: 5000 }, inlined)).toEqual(Array.from({ length: 5000 }, () => normal(a)));
  });
});
