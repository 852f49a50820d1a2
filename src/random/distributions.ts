import { uniformInt } from "pure-rand/distribution/uniformInt";
import { exp, log } from "./detmath";
import type { IntSource, Rng } from "./rng";

const TWO_POW_MINUS_32 = 2 ** -32;
const TWO_POW_MINUS_26 = 2 ** -26;
const TWO_POW_MINUS_53 = 2 ** -53;

/**
 * A uniform draw in [0, 1) with 53 random bits (two generator steps): 26 bits of the first draw and 27 of
 * the second, pure-rand's `uniformFloat64` formula, on which the logged streams depend, for any source.
 *
 * @param rng - generator (advanced)
 * @returns u in [0, 1)
 */
export function uniform(rng: IntSource): number {
  const high = rng.next() & 0x3ffffff;
  const low = rng.next() & 0x7ffffff;
  return high * TWO_POW_MINUS_26 + low * TWO_POW_MINUS_53;
}

/**
 * A uniform draw in [0, 1) with 32 bits of resolution: one generator step, plenty for pixel noise.
 *
 * @param rng - generator (advanced)
 * @returns u in [0, 1)
 */
export function uniform32(rng: IntSource): number {
  return (rng.next() >>> 0) * TWO_POW_MINUS_32;
}

/**
 * A uniform draw in [lo, hi).
 *
 * @param rng - generator (advanced)
 * @param lo - lower bound
 * @param hi - upper bound
 * @returns a value in [lo, hi), or lo when the bounds are equal
 */
export function uniformRange(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * uniform(rng);
}

/**
 * A log-uniform draw: `log(x)` is uniform on [log lo, log hi], so a factor and its reciprocal are equally
 * likely (a zoom range [0.8, 1.25] is symmetric).
 *
 * @param rng - generator (advanced)
 * @param lo - lower bound, > 0
 * @param hi - upper bound, >= lo
 * @returns a value in [lo, hi]
 */
export function logUniform(rng: Rng, lo: number, hi: number): number {
  if (lo === hi) return lo;
  return Math.min(hi, Math.max(lo, exp(uniformRange(rng, log(lo), log(hi)))));
}

/**
 * A uniform integer in [lo, hi], both included (pure-rand's unbiased `uniformInt`).
 *
 * @param rng - generator (advanced)
 * @param lo - smallest value
 * @param hi - largest value
 * @returns an integer in [lo, hi]
 */
export function randomInt(rng: Rng, lo: number, hi: number): number {
  return uniformInt(rng, lo, hi);
}

/**
 * A uniform integer in [0, n), unbiased.
 *
 * @param rng - generator (advanced)
 * @param n - exclusive upper bound, at least 1
 * @returns the integer
 */
export function randomBelow(rng: Rng, n: number): number {
  return uniformInt(rng, 0, n - 1);
}

/**
 * Fisher-Yates shuffle in place.
 *
 * @param rng - generator (advanced)
 * @param values - array to permute
 */
export function shuffleInPlace<T>(rng: Rng, values: { length: number; [i: number]: T }): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const tmp = values[i];
    values[i] = values[j];
    values[j] = tmp;
  }
}
