import { describe, expect, it } from "vitest";
import {
  checkPercentiles,
  histogramOffset,
  linearPercentile,
  percentiles,
} from "../../src/preprocess/percentile";
import { expectCtcError, type FixtureArray, loadFixture, randomStack, seeded, typed } from "./fixtures";

interface Case {
  name: string;
  values: FixtureArray;
  qs: number[];
  expected: number[];
}
const { cases } = loadFixture<{ cases: Case[] }>("percentile.json");

describe("percentiles equal np.percentile (method='linear')", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const values = typed(c.values);
    // Exact: the same float64 operations in the same order as NumPy.
    expect(percentiles(values, c.qs)).toEqual(c.expected);
    c.qs.forEach((q, i) => {
      expect(percentiles(values, [q])[0]).toBe(c.expected[i]);
    });
  });

  it("the histogram path (8/16-bit) agrees exactly with the sorting path", () => {
    const random = seeded(11);
    const qs = [0, 0.5, 1, 12.34, 50, 87.5, 99.8, 100];
    for (const [dtype, max] of [
      ["uint16", 65536],
      ["uint16", 900],
      ["uint8", 256],
      ["int16", 65536],
    ] as const) {
      for (const n of [1, 2, 3, 10, 257, 4096]) {
        const { data } = randomStack(random, [1, 1, n], dtype, max);
        if (dtype === "int16") for (let i = 0; i < n; i++) data[i] -= 32768;
        expect(histogramOffset(data)).toBeDefined();
        expect(percentiles(data, qs)).toEqual(percentiles(Float64Array.from(data), qs));
      }
    }
  });

  it("leaves no counts behind between calls", () => {
    const wide = Uint16Array.from({ length: 5000 }, (_, i) => (i * 7919) % 65536);
    const narrow = Uint16Array.from([5, 1, 3]);
    const qs = [0, 37, 100];
    const first = percentiles(wide, qs);
    expect(percentiles(narrow, [0, 50, 100])).toEqual([1, 3, 5]);
    expect(percentiles(wide, qs)).toEqual(first);
    expect(first).toEqual(percentiles(Float64Array.from(wide), qs));
  });

  it("does not reorder its input", () => {
    const values = Float32Array.from([3, 1, 2]);
    percentiles(values, [50]);
    expect([...values]).toEqual([3, 1, 2]);
  });

  it("subtracts signed integers without NumPy's int8 wrap-around", () => {
    // np.percentile(np.int8([-128, 127]), 30) gives -128.3 because it computes 127 - (-128) in int8.
    expect(percentiles(Int8Array.from([-128, 127]), [30])[0]).toBeCloseTo(-128 + 255 * 0.3, 12);
    expect(linearPercentile(2, 30, (r) => [-128, 127][r])).toBeCloseTo(-51.5, 12);
  });

  it("rejects empty input and percentiles outside [0, 100]", () => {
    expectCtcError(() => percentiles(new Uint16Array(0), [50]), "INVALID_ARGUMENT");
    for (const q of [-1, 100.5, Number.NaN]) {
      const error = expectCtcError(() => percentiles(Uint8Array.from([1]), [q]), "INVALID_ARGUMENT");
      expect(error.field).toBe("percentiles");
    }
    expectCtcError(() => checkPercentiles([50, 200], "qs"), "INVALID_ARGUMENT");
  });
});
