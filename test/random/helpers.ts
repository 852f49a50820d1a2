/**
 * The Kolmogorov-Smirnov statistic of a sample against a continuous distribution.
 *
 * @param samples - the draws
 * @param cdf - the distribution function they should follow
 * @returns the largest distance between the empirical and the given distribution functions
 */
export function ksStatistic(samples: number[], cdf: (x: number) => number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / sorted.length), Math.abs((i + 1) / sorted.length - f));
  });
  return d;
}

/** Sample size of the distribution tests. */
export const N = 20000;

/**
 * Kolmogorov-Smirnov critical value at alpha = 0.001 for {@link N} draws: fails by chance about once in a
 * thousand seeds, and the seeds are fixed.
 */
export const KS_CRITICAL = 1.95 / Math.sqrt(N);

/**
 * The standard normal distribution function, by Abramowitz and Stegun 7.1.26 (|error| < 1.5e-7), enough
 * for a KS test at {@link N} draws.
 *
 * @param x - where to evaluate
 * @returns P(Z <= x)
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return 0.5 * (1 + (x < 0 ? -erf : erf));
}
