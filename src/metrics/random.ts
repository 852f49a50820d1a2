import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { CtcError } from "../core/errors";

/**
 * A seeded generator (pure-rand's xoroshiro128+, the one its authors recommend). Every random choice
 * in metrics goes through one of these, so a seed replays a split or a bootstrap exactly.
 *
 * @param seed - a 32-bit integer
 * @returns a fresh generator
 */
export function createRng(seed: number): RandomGenerator {
  if (!Number.isInteger(seed) || seed < -0x80000000 || seed > 0xffffffff) {
    throw new CtcError("INVALID_ARGUMENT", "seed must be a 32-bit integer", { field: "seed", actual: seed });
  }
  return xoroshiro128plus(seed | 0);
}

/**
 * Uniform integer in [0, n), unbiased.
 *
 * @param rng - generator, advanced in place
 * @param n - exclusive upper bound, at least 1
 * @returns the integer
 */
export function randomBelow(rng: RandomGenerator, n: number): number {
  return uniformInt(rng, 0, n - 1);
}

/**
 * Fisher-Yates shuffle in place.
 *
 * @param rng - generator, advanced in place
 * @param values - array to permute
 */
export function shuffleInPlace<T>(rng: RandomGenerator, values: { length: number; [i: number]: T }): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const tmp = values[i];
    values[i] = values[j];
    values[j] = tmp;
  }
}
