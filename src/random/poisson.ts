import { exp, log } from "./detmath";
import { uniform } from "./distributions";
import type { IntSource } from "./rng";

/** ln(k!) for k < 10, the table PTRS needs below the Stirling range. */
const LOG_FACTORIAL = [
  0,
  0,
  Math.LN2,
  1.791759469228055,
  3.1780538303479458,
  4.787491742782046,
  6.579251212010101,
  8.525161361065415,
  10.60460290274525,
  12.801827480081469,
];

/**
 * `ln(k!)`: a table below 10, Stirling's series of ln Gamma(k + 1) above (the omitted term is below 1e-13
 * there), with the engine-independent logarithm.
 *
 * @param k - a non-negative integer
 * @returns the natural log of k factorial
 */
export function logFactorial(k: number): number {
  if (k < 10) return LOG_FACTORIAL[k];
  const n = k + 1;
  const inv = 1 / n;
  const inv2 = inv * inv;
  return (n - 0.5) * log(n) - n + 0.9189385332046728 + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

/**
 * A Poisson draw: inversion by sequential search below lambda = 10 (exact, about lambda steps), Hormann's
 * PTRS transformed rejection (1993; the algorithm NumPy uses; exact, about 1.1 tries whatever lambda)
 * above, where Knuth's product method would underflow `exp(-lambda)`.
 *
 * @param rng - generator (advanced): any source of 32-bit integers
 * @param lambda - mean (0 or less gives 0)
 * @returns a non-negative integer
 */
export function poisson(rng: IntSource, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    let p = exp(-lambda);
    let u = uniform(rng);
    let k = 0;
    // The cap guards the rare case where rounding leaves u above the summed probabilities.
    while (u > p && k < 1000) {
      u -= p;
      k += 1;
      p *= lambda / k;
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = uniform(rng) - 0.5;
    const v = uniform(rng);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    // The squeeze accepts about 86% of draws without a logarithm.
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    if (log(v) + log(invalpha) - log(a / (us * us) + b) <= -lambda + k * log(lambda) - logFactorial(k))
      return k;
  }
}
