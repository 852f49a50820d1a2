import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { bestThresholdF1, markerScore } from "../../src/synth/baseline";

describe("markerScore", () => {
  const stack = createStack(Uint16Array.from([0, 0, 0, 0, 10, 20, 30, 40, 1, 2, 3, 4]), {
    channels: ["BF", "CK", "CD45"],
    height: 2,
    width: 2,
  });

  it("averages CK minus CD45 over the mask", () => {
    expect(markerScore(stack, Uint8Array.from([1, 0, 0, 1]))).toBe((10 - 1 + 40 - 4) / 2);
    expect(markerScore(stack, Uint8Array.from([0, 1, 0, 0]), { positive: "CD45", negative: "CK" })).toBe(-18);
  });

  it("rejects empty and mis-sized masks and missing channels", () => {
    expect(() => markerScore(stack, new Uint8Array(4))).toThrow(/empty/);
    expect(() => markerScore(stack, new Uint8Array(3))).toThrow(/mask size/);
    expect(() => markerScore(stack, new Uint8Array(4).fill(1), { positive: "EpCAM" })).toThrow(/EpCAM/);
  });
});

describe("bestThresholdF1", () => {
  it("finds the threshold of a separable set (F1 1)", () => {
    expect(bestThresholdF1([5, 1, 4, 2], [true, false, true, false])).toEqual({ threshold: 4, f1: 1 });
  });

  it("scores overlap by brute force and keeps ties together", () => {
    // Sorted: 9 (P), 7 (N), 7 (P), 3 (P), 1 (N). Thresholds: 9 -> 2/4, 7 -> 4/6, 3 -> 6/7, 1 -> 6/8.
    const r = bestThresholdF1([7, 9, 3, 1, 7], [false, true, true, false, true]);
    expect(r.threshold).toBe(3);
    expect(r.f1).toBeCloseTo(6 / 7, 12);
    expect(bestThresholdF1([1, 2], [false, false]).f1).toBe(0);
    expect(() => bestThresholdF1([1], [])).toThrow(/length/);
  });
});
