import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { allocPixels, type PixelArray, type PixelDType } from "../../src/core/dtype";
import { type CtcErrorCode, isCtcError } from "../../src/core/errors";
import { type ChannelStack, createStack } from "../../src/core/stack";

/** An ndarray as written by scripts/fixtures/preprocess.py. */
export interface FixtureArray {
  readonly dtype: PixelDType;
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/**
 * Read a fixture made by `/usr/bin/python3 scripts/fixtures/preprocess.py`.
 *
 * @param name - file name in test/fixtures/preprocess
 * @returns the parsed JSON
 */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/preprocess/${name}`, import.meta.url), "utf8")) as T;
}

/**
 * The typed array of a fixture array (float32 decimals round to the exact float32 they were written from).
 *
 * @param array - fixture array
 * @returns typed array of its dtype
 */
export function typed(array: FixtureArray): PixelArray {
  const out = allocPixels(array.dtype, array.data.length);
  out.set(array.data);
  return out;
}

/**
 * A stack from a C x H x W fixture array.
 *
 * @param array - fixture array of rank 3
 * @param channels - channel names (default c0, c1, ...)
 * @returns the stack
 */
export function fixtureStack(array: FixtureArray, channels?: readonly string[]): ChannelStack {
  const [c, height, width] = array.shape;
  return createStack(typed(array), {
    channels: channels ?? Array.from({ length: c }, (_, i) => `c${i}`),
    height,
    width,
  });
}

/**
 * Assert that arrays agree elementwise within `abs + rel * |expected|`, reporting the worst element.
 *
 * @param actual - values computed here
 * @param expected - reference values
 * @param tolerance - absolute and relative tolerance
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: { abs?: number; rel?: number },
): void {
  expect(actual.length).toBe(expected.length);
  const { abs = 0, rel = 0 } = tolerance;
  let worst = -1;
  let excess = 0;
  for (let i = 0; i < expected.length; i++) {
    const over = Math.abs(actual[i] - expected[i]) - (abs + rel * Math.abs(expected[i]));
    if (!(over <= excess)) {
      excess = over;
      worst = i;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `element ${worst}: got ${actual[worst]}, expected ${expected[worst]} (abs ${abs}, rel ${rel})`,
    );
  }
}

/**
 * Assert that a call throws a CtcError with the given code, and return it for further checks.
 *
 * @param call - the code that should throw
 * @param code - expected error code
 * @returns the error
 */
export function expectCtcError(
  call: () => unknown,
  code: CtcErrorCode,
): Error & { field?: string; channel?: string; cell?: number } {
  try {
    call();
  } catch (error) {
    if (!isCtcError(error)) throw error;
    expect(error.code, error.message).toBe(code);
    return error;
  }
  return expect.fail(`expected a CtcError ${code}, but nothing was thrown`);
}

/**
 * A small seeded generator (mulberry32) for property tests: the same seed gives the same cases.
 *
 * @param seed - 32-bit seed
 * @returns a function giving floats in [0, 1)
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random stack for property tests.
 *
 * @param random - generator from {@link seeded}
 * @param shape - channels, height, width
 * @param dtype - pixel type; integers span [0, max), floats [0, max)
 * @param max - value bound
 * @returns the stack, channels named c0, c1, ...
 */
export function randomStack(
  random: () => number,
  shape: readonly [number, number, number],
  dtype: PixelDType = "uint16",
  max = 65536,
): ChannelStack {
  const [c, height, width] = shape;
  const data = allocPixels(dtype, c * height * width);
  const integer = dtype !== "float32" && dtype !== "float64";
  for (let i = 0; i < data.length; i++) data[i] = integer ? Math.floor(random() * max) : random() * max;
  return createStack(data, { channels: Array.from({ length: c }, (_, i) => `c${i}`), height, width });
}
