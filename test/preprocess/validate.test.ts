import { describe, expect, it } from "vitest";
import type { DatasetStatistics, PreprocessSpec } from "../../src/preprocess/spec";
import { validatePreprocessSpec } from "../../src/preprocess/validate";
import { expectCtcError } from "./fixtures";

const statistics: DatasetStatistics = {
  version: 1,
  images: 3,
  channels: {
    DAPI: { count: 10, mean: 5, std: 2, min: 0, max: 9, percentiles: { "1": 0.5, "99.8": 8.9 } },
    CK: { count: 10, mean: 4, std: 1, min: 1, max: 8, percentiles: { "1": 1.2, "99.8": 7.5 } },
  },
};
const valid: PreprocessSpec = {
  version: 1,
  channels: ["DAPI", "CK"],
  steps: [
    { op: "scale_range", mode: "per_dataset", min_percentile: 1, max_percentile: 99.8 },
    { op: "scale_range", mode: "per_sample", min_percentile: 0, max_percentile: 100, eps: 0.001 },
    { op: "zero_mean_unit_variance", mode: "per_dataset" },
    { op: "fixed_zero_mean_unit_variance", mean: [1, 2], std: 3 },
    { op: "scale_linear", gain: 2 },
    { op: "clip", min: 0, max: 1 },
    { op: "scale_bit_depth", bits: 12 },
    { op: "pad", height: 96, width: 96, mode: "reflect" },
    { op: "center_crop", height: 96, width: 96 },
    { op: "resize", height: 64, width: 64, mode: "area" },
  ],
  statistics,
};

/** A copy of the valid spec with one step replaced (or a top-level field set). */
function withStep(index: number, step: unknown): unknown {
  const steps: unknown[] = [...valid.steps];
  steps[index] = step;
  return { ...valid, steps };
}

describe("validatePreprocessSpec", () => {
  it("accepts a valid spec and returns an equal, independent copy", () => {
    const json = JSON.parse(JSON.stringify(valid));
    const spec = validatePreprocessSpec(json);
    expect(spec).toEqual(valid);
    expect(spec).not.toBe(json);
    expect(spec.steps[0]).not.toBe(json.steps[0]);
  });

  it.each([
    ["not an object", [], "spec"],
    ["version 2", { ...valid, version: 2 }, "version"],
    ["an unknown top-level key", { ...valid, step: [] }, "step"],
    ["a missing top-level key", { version: 1, channels: ["A"] }, "steps"],
    ["no channels", { ...valid, channels: [] }, "channels"],
    ["a duplicate channel", { ...valid, channels: ["DAPI", "DAPI"] }, "channels[1]"],
    ["steps not a list", { ...valid, steps: {} }, "steps"],
    ["an unknown op", withStep(2, { op: "normalize" }), "steps[2].op"],
    ["an unknown key", withStep(0, { ...valid.steps[0], epsilon: 1 }), "steps[0].epsilon"],
    ["a missing field", withStep(9, { op: "resize", height: 64, width: 64 }), "steps[9].mode"],
    ["eps of 0", withStep(1, { ...valid.steps[1], eps: 0 }), "steps[1].eps"],
    ["eps above 0.1", withStep(1, { ...valid.steps[1], eps: 0.5 }), "steps[1].eps"],
    [
      "a percentile above 100",
      withStep(1, { ...valid.steps[1], max_percentile: 101 }),
      "steps[1].max_percentile",
    ],
    [
      "min percentile 100",
      withStep(1, { ...valid.steps[1], min_percentile: 100 }),
      "steps[1].min_percentile",
    ],
    [
      "min above max percentile",
      withStep(1, { ...valid.steps[1], min_percentile: 60, max_percentile: 40 }),
      "steps[1].max_percentile",
    ],
    ["a bad mode", withStep(2, { op: "zero_mean_unit_variance", mode: "per_image" }), "steps[2].mode"],
    [
      "a per-channel list of the wrong length",
      withStep(3, { ...valid.steps[3], mean: [1, 2, 3] }),
      "steps[3].mean",
    ],
    ["a negative std", withStep(3, { ...valid.steps[3], std: [1, -1] }), "steps[3].std[1]"],
    ["a string gain", withStep(4, { op: "scale_linear", gain: "2" }), "steps[4].gain"],
    ["clip min above max", withStep(5, { op: "clip", min: 2, max: 1 }), "steps[5].max"],
    ["NaN clip bound", withStep(5, { op: "clip", min: Number.NaN, max: 1 }), "steps[5].min"],
    ["33 bits", withStep(6, { op: "scale_bit_depth", bits: 33 }), "steps[6].bits"],
    ["fractional bits", withStep(6, { op: "scale_bit_depth", bits: 7.5 }), "steps[6].bits"],
    ["a zero pad size", withStep(7, { ...valid.steps[7], height: 0 }), "steps[7].height"],
    ["an unknown pad mode", withStep(7, { ...valid.steps[7], mode: "wrap" }), "steps[7].mode"],
    ["a fractional crop size", withStep(8, { ...valid.steps[8], width: 9.5 }), "steps[8].width"],
    ["an unknown resize mode", withStep(9, { ...valid.steps[9], mode: "bicubic" }), "steps[9].mode"],
    ["a step that is not an object", withStep(0, "scale_range"), "steps[0]"],
    ["per_dataset without statistics", { ...valid, statistics: undefined }, "statistics"],
    [
      "statistics lacking a percentile",
      { ...valid, steps: [{ ...valid.steps[0], max_percentile: 99 }] },
      "steps[0].max_percentile",
    ],
    [
      "statistics of another version",
      { ...valid, statistics: { ...statistics, version: 2 } },
      "statistics.version",
    ],
    [
      "a badly written percentile key",
      {
        ...valid,
        statistics: {
          ...statistics,
          channels: {
            ...statistics.channels,
            CK: { ...statistics.channels.CK, percentiles: { "99.80": 1 } },
          },
        },
      },
      "statistics.channels.CK.percentiles",
    ],
  ])("rejects %s with INVALID_SPEC naming the field", (_, json, field) => {
    const error = expectCtcError(() => validatePreprocessSpec(json), "INVALID_SPEC");
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it("names a channel missing from the statistics", () => {
    const error = expectCtcError(
      () => validatePreprocessSpec({ ...valid, channels: ["DAPI", "CD45"], steps: [valid.steps[2]] }),
      "MISSING_CHANNEL",
    );
    expect(error.channel).toBe("CD45");
    expect(error.message).toContain("steps[0]");
    expect(error.message).toContain('["DAPI","CK"]');
  });

  it("accepts per-sample specs without statistics and scalar per-channel values", () => {
    const spec = {
      version: 1,
      channels: ["A"],
      steps: [{ op: "fixed_zero_mean_unit_variance", mean: 1, std: 2 }],
    };
    expect(validatePreprocessSpec(spec)).toEqual(spec);
  });
});
