import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { datasetChannel, type NormalizeStep, normalize } from "../../src/preprocess/normalize";
import type { DatasetStatistics } from "../../src/preprocess/spec";
import { expectClose, expectCtcError, type FixtureArray, fixtureStack, loadFixture, typed } from "./fixtures";

interface Case {
  name: string;
  input: FixtureArray;
  channels: string[];
  step: NormalizeStep;
  statistics?: DatasetStatistics;
  expected: FixtureArray;
}
const { cases } = loadFixture<{ cases: Case[] }>("normalize.json");

const stack = createStack(Uint16Array.from([1, 2, 3, 4, 10, 10, 10, 10]), {
  channels: ["A", "B"],
  height: 2,
  width: 2,
});
const statistics: DatasetStatistics = {
  version: 1,
  images: 1,
  channels: { A: { count: 4, mean: 2.5, std: 1, min: 1, max: 4, percentiles: { "1": 1, "99": 4 } } },
};

describe("normalize equals the NumPy reference", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const input = fixtureStack(c.input, c.channels);
    const before = input.data.slice();
    const out = normalize(input, c.step, { statistics: c.statistics });
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(out.channels).toEqual(c.channels);
    expectClose(out.data, typed(c.expected), { rel: 1e-6, abs: 1e-30 });
    expect(input.data).toEqual(before);
  });
});

describe("normalize edge cases", () => {
  it("maps a flat channel to exactly 0 (scale_range through eps, zero_mean_unit_variance by rule)", () => {
    const flat = createStack(new Float32Array(12).fill(0.1), { channels: ["A"], height: 3, width: 4 });
    for (const step of [
      { op: "scale_range", mode: "per_sample", min_percentile: 1, max_percentile: 99 },
      { op: "zero_mean_unit_variance", mode: "per_sample" },
    ] as const) {
      expect([...normalize(flat, step).data]).toEqual(new Array(12).fill(0));
      expect([...normalize(stack, step).data.subarray(4)]).toEqual([0, 0, 0, 0]);
    }
  });

  it("handles a 1x1 image", () => {
    const one = createStack(Uint16Array.from([500]), { channels: ["A"], height: 1, width: 1 });
    expect(
      normalize(one, { op: "scale_range", mode: "per_sample", min_percentile: 0, max_percentile: 100 })
        .data[0],
    ).toBe(0);
    expect(normalize(one, { op: "scale_linear", gain: 2, offset: 1 }).data[0]).toBe(1001);
  });

  it("broadcasts scalars and applies scale_bit_depth and clip", () => {
    expect([...normalize(stack, { op: "scale_bit_depth", bits: 1 }).data]).toEqual([
      1, 2, 3, 4, 10, 10, 10, 10,
    ]);
    expect([...normalize(stack, { op: "clip", min: 2, max: 3 }).data]).toEqual([2, 2, 3, 3, 3, 3, 3, 3]);
    expect([...normalize(stack, { op: "scale_linear", offset: [1, -1] }).data]).toEqual([
      2, 3, 4, 5, 9, 9, 9, 9,
    ]);
  });

  it("writes into a given array, using its start when it is longer", () => {
    const out = new Float32Array(20).fill(-1);
    const result = normalize(stack, { op: "scale_linear", gain: 1 }, { out });
    expect(result.data.buffer).toBe(out.buffer);
    expect([...out.subarray(0, 9)]).toEqual([1, 2, 3, 4, 10, 10, 10, 10, -1]);
  });

  it("keeps the pixel size", () => {
    const sized = createStack(Uint8Array.from([1, 2]), {
      channels: ["A"],
      height: 1,
      width: 2,
      pixelSizeUm: 0.64,
    });
    expect(normalize(sized, { op: "clip", min: 0, max: 1 }).pixelSizeUm).toBe(0.64);
  });
});

describe("normalize errors", () => {
  const dataset = { op: "scale_range", mode: "per_dataset", min_percentile: 1, max_percentile: 99 } as const;

  it("needs statistics for per_dataset steps", () => {
    expectCtcError(() => normalize(stack, dataset), "INVALID_SPEC");
  });

  it("names a channel missing from the statistics", () => {
    const error = expectCtcError(() => normalize(stack, dataset, { statistics }), "MISSING_CHANNEL");
    expect(error.channel).toBe("B");
    expect(() => datasetChannel(statistics, "toString")).toThrow(/"toString"/);
  });

  it("names a percentile missing from the statistics", () => {
    const one = createStack(Uint16Array.from([1, 2]), { channels: ["A"], height: 1, width: 2 });
    const error = expectCtcError(
      () => normalize(one, { ...dataset, max_percentile: 99.8 }, { statistics }),
      "INVALID_SPEC",
    );
    expect(error.message).toContain("99.8");
    expect(error.field).toBe("statistics.channels.A.percentiles");
  });

  it("rejects per-channel lists of the wrong length, short outputs and empty images", () => {
    expectCtcError(() => normalize(stack, { op: "scale_linear", gain: [1, 2, 3] }), "SHAPE_MISMATCH");
    expectCtcError(
      () => normalize(stack, { op: "fixed_zero_mean_unit_variance", mean: [1], std: 1 }),
      "SHAPE_MISMATCH",
    );
    expectCtcError(
      () => normalize(stack, { op: "clip", min: 0, max: 1 }, { out: new Float32Array(7) }),
      "SHAPE_MISMATCH",
    );
    const empty = createStack(new Uint16Array(0), { channels: ["A"], height: 0, width: 3 });
    expectCtcError(() => normalize(empty, { op: "clip", min: 0, max: 1 }), "INVALID_ARGUMENT");
  });
});
