import { describe, expect, it } from "vitest";
import { logUniform, normal, poisson, randomInt, uniform, uniformRange } from "../../src/augment/random";
import { createRng } from "../../src/augment/rng";

const N = 20000;
// Kolmogorov-Smirnov critical value at alpha = 0.001: fails by chance about once in a thousand seeds,
// and the seed is fixed.
const KS_CRITICAL = 1.95 / Math.sqrt(N);

function ksStatistic(samples: number[], cdf: (x: number) => number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / sorted.length), Math.abs((i + 1) / sorted.length - f));
  });
  return d;
}

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

describe("distributions", () => {
  it("uniformRange is uniform on [lo, hi)", () => {
    const rng = createRng(11);
    const xs = Array.from({ length: N }, () => uniformRange(rng, -2, 3));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...xs)).toBeLessThan(3);
    expect(ksStatistic(xs, (x) => (x + 2) / 5)).toBeLessThan(KS_CRITICAL);
  });

  it("logUniform has a uniform logarithm", () => {
    const rng = createRng(12);
    const xs = Array.from({ length: N }, () => Math.log(logUniform(rng, 0.8, 1.25)));
    const [a, b] = [Math.log(0.8), Math.log(1.25)];
    expect(ksStatistic(xs, (x) => (x - a) / (b - a))).toBeLessThan(KS_CRITICAL);
  });

  it("normal (ziggurat) is standard normal, tails included", () => {
    const rng = createRng(13);
    const xs = Array.from({ length: N }, () => normal(rng));
    expect(ksStatistic(xs, (x) => 0.5 * (1 + erf(x / Math.SQRT2)))).toBeLessThan(KS_CRITICAL);
    const tail = xs.filter((x) => Math.abs(x) > 3.442619855899).length / N;
    // P(|Z| > R) = 5.76e-4: about 11.5 expected in 20000.
    expect(tail).toBeGreaterThan(1e-4);
    expect(tail).toBeLessThan(1.5e-3);
  });

  it("randomInt covers [lo, hi] evenly", () => {
    const rng = createRng(14);
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[randomInt(rng, 0, 7)] += 1;
    // Chi-square, 7 degrees of freedom, critical 24.3 at alpha = 0.001.
    const chi = counts.reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    expect(chi).toBeLessThan(24.3);
  });

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

  it("uniform is in [0, 1) and poisson(0) is 0", () => {
    const rng = createRng(16);
    for (let i = 0; i < 1000; i++) {
      const u = uniform(rng);
      expect(u >= 0 && u < 1).toBe(true);
    }
    expect(poisson(rng, 0)).toBe(0);
  });
});
