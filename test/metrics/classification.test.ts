import { describe, expect, it } from "vitest";
import {
  type Average,
  accuracyScore,
  balancedAccuracyScore,
  cohenKappaScore,
  f1Score,
  fbetaScore,
  matthewsCorrcoef,
  perClassScores,
  precisionScore,
  recallScore,
  specificityScore,
} from "../../src/metrics/classification";
import { allClose, byName, close, type Fx, fixture } from "./fixture";

const binary = fixture("binary").cases;
const multi = fixture("multiclass");
const strings = fixture("strings");
const cases = [...byName(binary), ["multiclass", multi]];

describe.each(cases)("scikit-learn parity on %s", (_, c: Fx) => {
  it("accuracy, balanced accuracy, MCC, kappa", () => {
    expect(close(accuracyScore(c.yTrue, c.yPred), c.accuracy)).toBe(true);
    expect(close(balancedAccuracyScore(c.yTrue, c.yPred), c.balanced)).toBe(true);
    expect(close(balancedAccuracyScore(c.yTrue, c.yPred, { adjusted: true }), c.balancedAdjusted)).toBe(true);
    expect(close(matthewsCorrcoef(c.yTrue, c.yPred), c.mcc)).toBe(true);
    expect(close(cohenKappaScore(c.yTrue, c.yPred), c.kappa)).toBe(true);
    expect(close(cohenKappaScore(c.yTrue, c.yPred, { weights: "linear" }), c.kappaLinear)).toBe(true);
    expect(close(cohenKappaScore(c.yTrue, c.yPred, { weights: "quadratic" }), c.kappaQuadratic)).toBe(true);
  });
  it("precision, recall, F-beta, specificity for every average and zero_division", () => {
    for (const a of c.averaged) {
      const options = { average: a.average as Average, zeroDivision: a.zeroDivision as 0 | 1 };
      const got = {
        precision: precisionScore(c.yTrue, c.yPred, options),
        recall: recallScore(c.yTrue, c.yPred, options),
        f1: f1Score(c.yTrue, c.yPred, options),
        f05: fbetaScore(c.yTrue, c.yPred, 0.5, options),
        f2: fbetaScore(c.yTrue, c.yPred, 2, options),
        specificity: specificityScore(c.yTrue, c.yPred, options),
      };
      for (const [key, value] of Object.entries(got)) {
        expect(close(value, a[key]), `${key} ${a.average} zd=${a.zeroDivision}: ${value} vs ${a[key]}`).toBe(
          true,
        );
      }
    }
  });
  it("per-class scores", () => {
    const per = perClassScores(c.yTrue, c.yPred);
    expect(allClose(per.precision, c.perClass.precision)).toBe(true);
    expect(allClose(per.recall, c.perClass.recall)).toBe(true);
    expect(allClose(per.fScore, c.perClass.f1)).toBe(true);
    expect(per.support).toEqual(c.perClass.support);
  });
});

describe("label subsets and string labels", () => {
  it("match scikit-learn with labels=[4, 0, 2]", () => {
    const { subset } = multi;
    expect(
      close(f1Score(multi.yTrue, multi.yPred, { average: "macro", labels: subset.labels }), subset.macroF1),
    ).toBe(true);
    expect(
      close(
        precisionScore(multi.yTrue, multi.yPred, { average: "micro", labels: subset.labels }),
        subset.microPrecision,
      ),
    ).toBe(true);
    expect(
      allClose(
        perClassScores(multi.yTrue, multi.yPred, { labels: subset.labels }).recall,
        subset.perClassRecall,
      ),
    ).toBe(true);
    expect(close(cohenKappaScore(multi.yTrue, multi.yPred, { labels: subset.labels }), subset.kappa)).toBe(
      true,
    );
  });
  it("match scikit-learn with class names", () => {
    expect(close(f1Score(strings.yTrue, strings.yPred, { average: "macro" }), strings.macroF1)).toBe(true);
    expect(close(cohenKappaScore(strings.yTrue, strings.yPred), strings.kappa)).toBe(true);
    const b = strings.binary;
    expect(close(f1Score(b.yTrue, b.yPred, { posLabel: "CTC" }), b.f1Ctc)).toBe(true);
    // Specificity of CTC calls is the recall of WBC.
    expect(close(specificityScore(b.yTrue, b.yPred, { posLabel: "CTC" }), b.specificityCtc)).toBe(true);
  });
});

describe("defined results at the edges", () => {
  it("uses zeroDivision when nothing is predicted positive", () => {
    expect(precisionScore([1, 0], [0, 0])).toBe(0);
    expect(precisionScore([1, 0], [0, 0], { zeroDivision: 1 })).toBe(1);
    // scikit-learn 1.2: with no positive labels nor calls, precision = recall = 1, so F = 1.
    expect(f1Score([0, 0], [0, 0], { zeroDivision: 1 })).toBe(1);
    expect(f1Score([0, 0], [0, 0])).toBe(0);
  });
  it("gives kappa NaN when both raters use one class, MCC 0", () => {
    expect(cohenKappaScore([1, 1], [1, 1])).toBeNaN();
    expect(matthewsCorrcoef([1, 1, 0], [1, 1, 1])).toBe(0);
  });
  it("treats F-beta with infinite beta as recall and refuses negative beta", () => {
    expect(fbetaScore([1, 1, 0], [1, 0, 1], Number.POSITIVE_INFINITY)).toBe(
      recallScore([1, 1, 0], [1, 0, 1]),
    );
    expect(() => fbetaScore([1], [1], -1)).toThrow(/beta/);
  });
  it("refuses average binary on multiclass targets and an absent posLabel", () => {
    expect(() => f1Score([0, 1, 2], [0, 1, 2])).toThrow(/multiclass/);
    expect(() => f1Score([0, 2], [0, 2])).toThrow(/posLabel/);
    expect(() => f1Score([0, 1], [0, 1], { average: "samples" as Average })).toThrow(/average/);
  });
  it("is symmetric for kappa (reader vs reader)", () => {
    expect(close(cohenKappaScore(multi.yPred, multi.yTrue), multi.kappa)).toBe(true);
  });
});
