import { binarize, checkFinite, checkPair, type Label } from "./labels";

/** Counts at each distinct score, from the highest down: scikit-learn's `_binary_clf_curve`. */
export interface ClfCurve {
  /** False positives among samples scoring >= the threshold. */
  readonly fps: Float64Array;
  /** True positives among samples scoring >= the threshold. */
  readonly tps: Float64Array;
  /** Distinct scores, decreasing. */
  readonly thresholds: Float64Array;
}

/**
 * True and false positive counts at every distinct score, predicting positive when score >= threshold.
 * Tied scores form one point, so curves are exact on ties whatever the sample order.
 *
 * @param yTrue - true labels
 * @param yScore - scores, higher meaning more likely positive
 * @param posLabel - the positive label
 * @returns counts and thresholds, one entry per distinct score
 */
export function binaryClfCurve(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  posLabel: Label,
): ClfCurve {
  checkPair(yTrue, yScore, ["yTrue", "yScore"]);
  checkFinite(yScore, "yScore");
  const positive = binarize(yTrue, posLabel);
  const order = Array.from({ length: yScore.length }, (_, i) => i).sort((a, b) => yScore[b] - yScore[a]);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < order.length; k++) {
    tp += positive[order[k]];
    const score = yScore[order[k]];
    if (k === order.length - 1 || yScore[order[k + 1]] !== score) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(score);
    }
  }
  return {
    fps: Float64Array.from(fps),
    tps: Float64Array.from(tps),
    thresholds: Float64Array.from(thresholds),
  };
}
