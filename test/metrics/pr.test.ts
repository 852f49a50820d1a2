import { describe, expect, it } from "vitest";
import { averagePrecisionScore, precisionRecallCurve } from "../../src/metrics/pr";
import { allClose, byName, close, type Fx, fixture } from "./fixture";

const binary = fixture("binary").cases;

describe.each(byName(binary))("precision-recall parity on %s", (_, c: Fx) => {
  it("gives scikit-learn 1.2's curve", () => {
    const curve = precisionRecallCurve(c.yTrue, c.yScore);
    expect(allClose(curve.precision, c.pr.precision)).toBe(true);
    expect(allClose(curve.recall, c.pr.recall)).toBe(true);
    expect(allClose(curve.thresholds, c.pr.thresholds)).toBe(true);
  });
  it("gives scikit-learn's average precision", () => {
    expect(close(averagePrecisionScore(c.yTrue, c.yScore), c.ap)).toBe(true);
  });
});

describe("averagePrecisionScore", () => {
  it("is exact on ties: one step for tied scores, whatever the sample order", () => {
    // Both samples tie at 0.5, one positive: a single step of recall 1 at precision 1/2.
    expect(averagePrecisionScore([1, 0], [0.5, 0.5])).toBe(0.5);
    expect(averagePrecisionScore([0, 1], [0.5, 0.5])).toBe(0.5);
  });
  it("refuses a posLabel absent from a two-class target", () => {
    expect(() => averagePrecisionScore([0, 2], [0.1, 0.9])).toThrow(/posLabel/);
    expect(averagePrecisionScore([0, 2], [0.1, 0.9], { posLabel: 2 })).toBe(1);
  });
});
