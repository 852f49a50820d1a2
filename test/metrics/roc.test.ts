import { describe, expect, it } from "vitest";
import { auc, rocAucOvr, rocAucScore, rocCurve } from "../../src/metrics/roc";
import { allClose, byName, close, type Fx, fixture } from "./fixture";

const binary = fixture("binary").cases;
const multi = fixture("multiclass");

describe.each(byName(binary))("ROC parity on %s", (_, c: Fx) => {
  it("gives scikit-learn 1.2's points and thresholds, with and without dropIntermediate", () => {
    for (const [drop, ref] of [
      [true, c.roc],
      [false, c.rocAll],
    ] as const) {
      const curve = rocCurve(c.yTrue, c.yScore, { dropIntermediate: drop });
      expect(allClose(curve.fpr, ref.fpr), `fpr drop=${drop}`).toBe(true);
      expect(allClose(curve.tpr, ref.tpr), `tpr drop=${drop}`).toBe(true);
      expect(allClose(curve.thresholds, ref.thresholds), `thresholds drop=${drop}`).toBe(true);
    }
  });
  it("gives scikit-learn's AUC, or refuses when one class is present", () => {
    if (c.auc === undefined) expect(() => rocAucScore(c.yTrue, c.yScore)).toThrow(/one class/);
    else expect(close(rocAucScore(c.yTrue, c.yScore), c.auc)).toBe(true);
  });
});

describe("rocAucOvr", () => {
  it("equals scikit-learn's one-vs-rest macro and weighted AUC on 7 classes", () => {
    expect(close(rocAucOvr(multi.yTrue, multi.prob), multi.aucOvrMacro)).toBe(true);
    expect(close(rocAucOvr(multi.yTrue, multi.prob, { average: "weighted" }), multi.aucOvrWeighted)).toBe(
      true,
    );
  });
  it("follows a column order given by labels", () => {
    const order = [6, 5, 4, 3, 2, 1, 0];
    const flipped = multi.prob.map((row: number[]) => order.map((c) => row[c]));
    expect(close(rocAucOvr(multi.yTrue, flipped, { labels: order }), multi.aucOvrMacro)).toBe(true);
  });
  it("reduces to the binary AUC for two columns", () => {
    const y = [0, 0, 1, 1, 0];
    const p = [0.1, 0.6, 0.7, 0.4, 0.3];
    expect(
      rocAucOvr(
        y,
        p.map((q) => [1 - q, q]),
      ),
    ).toBe(rocAucScore(y, p));
  });
  it("checks that rows are probabilities with one column per class", () => {
    const rows = multi.prob.map((row: number[]) => row.map((v) => v * 2));
    expect(() => rocAucOvr(multi.yTrue, rows)).toThrow(/summing to 1/);
    expect(() =>
      rocAucOvr(
        [0, 1, 2],
        [
          [1, 0],
          [0, 1],
          [1, 0],
        ],
      ),
    ).toThrow(expect.objectContaining({ code: "SHAPE_MISMATCH" }));
    expect(() => rocAucOvr([0, 1, 3], multi.prob.slice(0, 3), { labels: [0, 1, 2, 4, 5, 6, 7] })).toThrow(
      /not in labels/,
    );
  });
});

describe("auc", () => {
  it("integrates increasing and decreasing x alike, and refuses non-monotonic x", () => {
    expect(auc([0, 0.5, 1], [0, 1, 1])).toBe(0.75);
    expect(auc([1, 0.5, 0], [1, 1, 0])).toBe(0.75);
    expect(() => auc([0, 1, 0.5], [0, 1, 1])).toThrow(/increasing/);
    expect(() => auc([0], [0])).toThrow(/2 points/);
  });
});
