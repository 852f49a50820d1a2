import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { CtcError } from "../core/errors";
import { fmix32, hashKeys } from "./hash";

// pure-rand's own `xoroshiro128plus(seed)` puts the seed almost verbatim in the state, so its first
// outputs for seeds n and n + 1 are nearly equal; every generator here is seeded through a full-avalanche
// hash instead.

/**
 * A seedable pseudo-random generator: pure-rand's xoroshiro128+ (Blackman and Vigna), whose `next()`
 * returns a 32-bit signed integer. Being an explicit value rather than `Math.random`, it replays exactly.
 */
export type Rng = RandomGenerator;

/** What the distributions need of a generator: 32 random bits (a signed integer) per `next()`. */
export interface IntSource {
  /**
   * Advance and draw.
   *
   * @returns a 32-bit signed integer
   */
  next(): number;
}

const MASK64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

/** SplitMix64's finalizer (Steele, Lea and Flood 2014): a bijective 64-bit avalanche mix. */
function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

function checkKey(field: string, value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CtcError("INVALID_ARGUMENT", "random keys must be non-negative safe integers", {
      field,
      expected: "integer in [0, 2^53)",
      actual: value,
    });
  }
  return BigInt(value);
}

function fromKey(key: bigint): Rng {
  // Vigna's recommendation: fill xoroshiro's 128-bit state from two SplitMix64 outputs.
  const s0 = mix64((key + GOLDEN) & MASK64);
  const s1 = mix64((key + 2n * GOLDEN) & MASK64) || 1n;
  const words = [s0 >> 32n, s0 & 0xffffffffn, s1 >> 32n, s1 & 0xffffffffn].map((w) =>
    Number(BigInt.asIntN(32, w)),
  );
  return xoroshiro128plusFromState(words);
}

/**
 * A generator from a single seed.
 *
 * @param seed - non-negative safe integer
 * @returns a fresh generator; the same seed always yields the same sequence
 * @throws {@link CtcError} `INVALID_ARGUMENT` for a negative, fractional or unsafe seed
 */
export function createRng(seed: number): Rng {
  return fromKey(mix64(checkKey("seed", seed)));
}

/**
 * The independent generator of one training sample: a function of `(seed, epoch, index)` only, so the
 * augmentation of a sample does not depend on batch order, shuffling or the number of workers.
 *
 * The key is `mix(mix(mix(seed) ^ epoch + phi) ^ index + phi)` with SplitMix64's finalizer `mix` and
 * `phi = 0x9e3779b97f4a7c15`; it seeds xoroshiro128+ through two further SplitMix64 outputs.
 *
 * @param seed - run seed, a non-negative safe integer
 * @param epoch - epoch number, a non-negative safe integer
 * @param index - sample index within the dataset, a non-negative safe integer
 * @returns the sample's generator
 * @throws {@link CtcError} `INVALID_ARGUMENT` for keys that are not non-negative safe integers
 */
export function sampleRng(seed: number, epoch: number, index: number): Rng {
  let key = mix64(checkKey("seed", seed));
  key = mix64(((key ^ checkKey("epoch", epoch)) + GOLDEN) & MASK64);
  key = mix64(((key ^ checkKey("index", index)) + GOLDEN) & MASK64);
  return fromKey(key);
}

/**
 * A counter-based stream: the generator of `(seed, ...keys)`, keyed with 32-bit hashing only (no BigInt),
 * which keeps it cheap enough for one stream per cell or per run of pixels. Stream `[i]` is the same
 * however many other streams were drawn before it.
 *
 * @param seed - base seed (any number)
 * @param keys - stream keys: the same (seed, keys) always gives the same sequence
 * @returns the stream's generator
 */
export function keyedRng(seed: number, keys: readonly number[] = []): Rng {
  let h = hashKeys(seed, keys);
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    h = fmix32(h + 0x6d2b79f5);
    state.push(h);
  }
  // xoroshiro's all-zero state is a fixed point; the hash makes it practically impossible, but be sure.
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  return xoroshiro128plusFromState(state);
}
