import { describe, expect, it } from "vitest";
import { logFactorial, poisson } from "../../src/random/poisson";
import { createRng } from "../../src/random/rng";
import { N } from "./helpers";

describe("poisson", () => {
  it.each([0.7, 4, 9.9, 10, 37, 800])("poisson(%s) matches its mean, variance and pmf", (lambda) => {
    const rng = createRng(15);
    const xs = Array.from({ length: N }, () => poisson(rng, lambda));
    const mean = xs.reduce((a, b) => a + b, 0) / N;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1);
    // Standard error of the mean is sqrt(lambda / N); allow 4 of them.
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / N));
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.06);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    // The probability of the mode (floor(lambda)) matches the pmf within 4 standard errors.
    const k = Math.floor(lambda);
    let logp = -lambda + k * Math.log(lambda);
    for (let j = 2; j <= k; j++) logp -= Math.log(j);
    const p = Math.exp(logp);
    const observed = xs.filter((x) => x === k).length / N;
    expect(Math.abs(observed - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N));
  });

  it("gives 0 for lambda 0", () => {
    expect(poisson(createRng(16), 0)).toBe(0);
  });

  it("computes log factorials on both sides of the table", () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
    let exact = 0;
    for (let k = 1; k <= 300; k++) exact += Math.log(k);
    expect(logFactorial(300)).toBeCloseTo(exact, 8);
  });
});
