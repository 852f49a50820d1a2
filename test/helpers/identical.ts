import { expect } from "vitest";

/**
 * Same length and the same value everywhere, NaN included (`Object.is`, so -0 differs from +0): the check
 * that a WebAssembly kernel gives its JavaScript twin's values.
 *
 * @param actual - the values under test
 * @param expected - JavaScript's values
 * @param what - named in the failure
 */
export function expectIdentical(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`${what}: value ${i} is ${actual[i]}, JavaScript gives ${expected[i]}`);
    }
  }
}
