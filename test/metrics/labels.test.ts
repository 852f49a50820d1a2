import { describe, expect, it } from "vitest";
import { isCtcError } from "../../src/core/errors";
import {
  binarize,
  checkFinite,
  checkLabelList,
  checkPair,
  checkProbabilities,
  resolvePosLabel,
  uniqueLabels,
} from "../../src/metrics/labels";

describe("uniqueLabels", () => {
  it("sorts numbers numerically and strings by code unit, like np.unique", () => {
    expect(uniqueLabels([10, 2, 2], [1])).toEqual([1, 2, 10]);
    expect(uniqueLabels(["b", "B", "a"])).toEqual(["B", "a", "b"]);
  });
  it("rejects mixed, non-finite and non-label values", () => {
    for (const bad of [[1, "a"], [Number.NaN], [true]] as unknown as number[][]) {
      expect(() => uniqueLabels(bad)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
    expect(() => uniqueLabels([1], ["a"])).toThrow(/mix/);
  });
});

describe("checks", () => {
  it("reports length mismatch and empty input", () => {
    expect(() => checkPair([1], [1, 2], ["a", "b"])).toThrow(
      expect.objectContaining({ code: "SHAPE_MISMATCH" }),
    );
    expect(() => checkPair([], [], ["a", "b"])).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
  it("rejects duplicate and empty label lists", () => {
    expect(() => checkLabelList([1, 1])).toThrow(/repeat/);
    expect(() => checkLabelList([])).toThrow(/at least one/);
  });
  it("finds non-finite scores and out-of-range probabilities", () => {
    try {
      checkFinite([0, Number.POSITIVE_INFINITY], "s");
      expect.unreachable();
    } catch (error) {
      expect(isCtcError(error, "NON_FINITE")).toBe(true);
      expect((error as { cell: number }).cell).toBe(1);
    }
    expect(() => checkProbabilities([0, 1.5], "p")).toThrow(/\[0, 1\]/);
  });
});

describe("resolvePosLabel", () => {
  it("defaults to 1 for the standard binary encodings", () => {
    for (const y of [[0, 1], [-1, 1], [0], [1], [-1]]) expect(resolvePosLabel(y, undefined)).toBe(1);
  });
  it("needs an explicit label otherwise, and a binary target", () => {
    expect(() => resolvePosLabel([0, 2], undefined)).toThrow(/posLabel/);
    expect(resolvePosLabel(["CTC", "WBC"], "CTC")).toBe("CTC");
    expect(() => resolvePosLabel([0, 1, 2], 1)).toThrow(/binary/);
  });
  it("binarizes against the positive label", () => {
    expect(Array.from(binarize(["a", "b", "a"], "a"))).toEqual([1, 0, 1]);
  });
});
