import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { PixelArray } from "../../src/core/dtype";
import { isCtcError } from "../../src/core/errors";

/** Where scripts/fixtures/io.py writes its reference files. */
export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "io");

/** One manifest entry: a reference file and the array a reader must return for it. */
export interface Fixture {
  readonly name: string;
  readonly kind: "npy" | "npz-member" | "tiff" | "png";
  readonly file?: string;
  readonly shape: number[];
  readonly dtype: string;
  readonly expected: string;
  readonly member?: string;
  readonly slice?: number;
}

const manifest: Record<string, Omit<Fixture, "name">> = JSON.parse(
  readFileSync(join(FIXTURES, "manifest.json"), "utf8"),
);

/** Every fixture of a kind, for `it.each`. */
export function fixtures(kind: Fixture["kind"]): Fixture[] {
  return Object.entries(manifest)
    .filter(([, entry]) => entry.kind === kind)
    .map(([name, entry]) => ({ name, ...entry }));
}

/** Bytes of a fixture file. */
export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, path)));
}

/** The expected array NumPy wrote for a fixture, read straight from its little-endian bytes. */
export function expectedArray(fixture: Fixture): PixelArray {
  const bytes = fixtureBytes(fixture.expected);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  switch (fixture.dtype) {
    case "bool":
    case "uint8":
      return new Uint8Array(buffer);
    case "int8":
      return new Int8Array(buffer);
    case "uint16":
      return new Uint16Array(buffer);
    case "int16":
      return new Int16Array(buffer);
    case "uint32":
      return new Uint32Array(buffer);
    case "int32":
      return new Int32Array(buffer);
    case "float32":
      return new Float32Array(buffer);
    default:
      return new Float64Array(buffer);
  }
}

/** Assert that `run` throws a CtcError with `code` whose message mentions every string given. */
export function expectCtcError(run: () => unknown, code: string, ...mentions: string[]): void {
  try {
    run();
  } catch (error) {
    expect(isCtcError(error), String(error)).toBe(true);
    expect((error as { code: string }).code, String(error)).toBe(code);
    for (const part of mentions) expect((error as Error).message).toContain(part);
    return;
  }
  throw new Error(`expected a CtcError ${code}, nothing was thrown`);
}

/** Debian's Python with NumPy, tifffile and Pillow, when this machine has it. */
export const PYTHON = "/usr/bin/python3";

/** Whether the reference Python can be run here (tests that need it skip visibly when it cannot). */
export const hasPython =
  existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import numpy, tifffile, PIL"]).status === 0;

/**
 * Run a Python snippet with the reference Python and return its standard output.
 *
 * @param code - Python source
 * @param args - values for `sys.argv[1:]`
 * @returns stdout
 */
export function python(code: string, ...args: string[]): string {
  const result = spawnSync(PYTHON, ["-c", code, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return result.stdout;
}
