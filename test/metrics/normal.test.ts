import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "../../src/metrics/normal";
import { fixture } from "./fixture";

const { ndtr, ndtri } = fixture("bootstrap");

describe("normalCdf", () => {
  it("matches scipy.special.ndtr to 5e-14 relative, tails included", () => {
    ndtr.x.forEach((x: number, i: number) => {
      const expected = ndtr.p[i];
      expect(Math.abs(normalCdf(x) - expected)).toBeLessThanOrEqual(5e-14 * expected);
    });
  });
  it("is symmetric and NaN-preserving", () => {
    expect(normalCdf(1.3) + normalCdf(-1.3)).toBeCloseTo(1, 15);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe("normalQuantile", () => {
  it("matches scipy.special.ndtri to 1e-14 relative", () => {
    ndtri.p.forEach((p: number, i: number) => {
      const expected = ndtri.x[i];
      expect(Math.abs(normalQuantile(p) - expected)).toBeLessThanOrEqual(1e-14 * Math.abs(expected) + 1e-15);
    });
  });
  it("inverts the CDF and handles the ends", () => {
    for (const p of [0.01, 0.3, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 14);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.2)).toBeNaN();
  });
});
