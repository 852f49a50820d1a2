import { describe, expect, it } from "vitest";
import { exp, log, sincos } from "../../src/random/detmath";

describe("engine-independent elementary functions", () => {
  it("agree with Math to a few ulp", () => {
    for (let i = 0; i <= 2000; i++) {
      const x = -40 + (80 * i) / 2000;
      expect(Math.abs(exp(x) / Math.exp(x) - 1)).toBeLessThan(5e-16);
      const y = Math.exp(x * 5);
      expect(Math.abs(log(y) - Math.log(y))).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(Math.log(y))));
      const [s, c] = sincos(x);
      expect(Math.abs(s - Math.sin(x))).toBeLessThan(4e-16);
      expect(Math.abs(c - Math.cos(x))).toBeLessThan(4e-16);
    }
  });

  it("are exact at the anchors and handle the edges", () => {
    expect(exp(0)).toBe(1);
    expect(log(1)).toBe(0);
    expect(sincos(0)).toEqual([0, 1]);
    expect(exp(1000)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(-1000)).toBe(0);
    expect(log(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log(-1)).toBeNaN();
    expect(log(1e-310)).toBeCloseTo(Math.log(1e-310), 10);
  });
});
