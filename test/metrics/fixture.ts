import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A fixture value: untyped JSON written by the Python script. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are untyped JSON, checked by the assertions
export type Fx = any;

const SPECIAL: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": -Infinity,
};

/**
 * Load a fixture written by scripts/fixtures/metrics.py, turning its "NaN"/"Infinity" strings back into
 * numbers.
 */
export function fixture(name: string): Fx {
  const url = new URL(`../fixtures/metrics/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), "utf8"), (_key, value) =>
    typeof value === "string" && value in SPECIAL ? SPECIAL[value] : value,
  );
}

/** Assert two numbers equal within `tol` (absolute), NaN equal to NaN. */
export function close(actual: number, expected: number, tol = 1e-12): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (actual === expected) return true; // infinities
  return Math.abs(actual - expected) <= tol;
}

/** Element-wise {@link close}, same length. */
export function allClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): boolean {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < actual.length; i++) if (!close(actual[i], expected[i], tol)) return false;
  return true;
}

/** Fixture cases as [name, case] rows for `it.each` / `describe.each`. */
export function byName(cases: Fx[]): [string, Fx][] {
  return cases.map((c) => [c.name, c]);
}
