import { describe, expect, it } from "vitest";
import { dihedral, inverseDihedral } from "../../src/augment/dihedral";
import { averageViewPredictions, dihedralViews, TTA_FLIP_VIEWS, TTA_VIEWS } from "../../src/augment/tta";
import { isCtcError } from "../../src/core/errors";
import { randomStack } from "./helpers";

describe("test-time augmentation", () => {
  it("makes the 8 distinct views, each undone by its inverse", () => {
    const stack = randomStack(1, ["A"], 5, 5);
    const views = dihedralViews(stack);
    expect(views).toHaveLength(8);
    expect(views[0]).toBe(stack);
    expect(new Set(views.map((v) => Array.from(v.data).join(","))).size).toBe(8);
    for (const [i, view] of views.entries()) {
      expect(dihedral(view, inverseDihedral(TTA_VIEWS[i]))).toEqual(stack);
    }
    expect(dihedralViews(randomStack(1, ["A"], 3, 5), TTA_FLIP_VIEWS).every((v) => v.height === 3)).toBe(
      true,
    );
  });

  it("averages per-view predictions, optionally weighted", () => {
    const mean = averageViewPredictions([Float32Array.of(0.2, 0.8), [0.4, 0.6]]);
    expect(mean[0]).toBeCloseTo(0.3, 7);
    expect(mean[1]).toBeCloseTo(0.7, 7);
    const weighted = averageViewPredictions(
      [
        [1, 0],
        [0, 1],
      ],
      { weights: [3, 1] },
    );
    expect(Array.from(weighted)).toEqual([0.75, 0.25]);
  });

  it("rejects empty, ragged or badly weighted input", () => {
    const cases = [
      () => averageViewPredictions([]),
      () => averageViewPredictions([[1, 2], [1]]),
      () => averageViewPredictions([[1], [2]], { weights: [1] }),
      () => averageViewPredictions([[1], [2]], { weights: [0, 0] }),
    ];
    for (const f of cases) {
      try {
        f();
        expect.unreachable();
      } catch (err) {
        expect(isCtcError(err)).toBe(true);
      }
    }
  });
});
