import { CtcError } from "../core/errors";
import { binaryClfCurve } from "./curve";
import { checkPair, type Label, resolvePosLabel, uniqueLabels } from "./labels";

/** A precision-recall curve, ordered by increasing threshold (decreasing recall). */
export interface PrCurve {
  /** Precision at each threshold, then 1 for the final point (recall 0). */
  readonly precision: Float64Array;
  /** Recall at each threshold, then 0. All 1 when `yTrue` holds no positive (scikit-learn's choice). */
  readonly recall: Float64Array;
  /** Increasing distinct scores; one fewer than the points. Positive when score >= threshold. */
  readonly thresholds: Float64Array;
}

/** Options of {@link precisionRecallCurve}. */
export interface PrCurveOptions {
  /** The positive class. Default 1 when the classes are {0, 1} or {-1, 1}; required otherwise. */
  readonly posLabel?: Label;
}

/**
 * Precision-recall curve, point for point as scikit-learn 1.2's `precision_recall_curve` (which keeps
 * every distinct score; `drop_intermediate` came in 1.3).
 *
 * @param yTrue - true labels (at most two classes)
 * @param yScore - scores, higher meaning more likely positive
 * @param options - positive label
 * @returns precision, recall and thresholds
 */
export function precisionRecallCurve(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  options: PrCurveOptions = {},
): PrCurve {
  checkPair(yTrue, yScore, ["yTrue", "yScore"]);
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, yScore, resolvePosLabel(yTrue, options.posLabel));
  const n = tps.length;
  const positives = tps[n - 1];
  const precision = new Float64Array(n + 1);
  const recall = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const src = n - 1 - i;
    const predicted = tps[src] + fps[src];
    precision[i] = predicted === 0 ? 0 : tps[src] / predicted;
    recall[i] = positives === 0 ? 1 : tps[src] / positives;
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds: thresholds.slice().reverse() };
}

/** Options of {@link averagePrecisionScore}. */
export interface AveragePrecisionOptions {
  /** The positive class. Default 1, as scikit-learn. */
  readonly posLabel?: Label;
}

/**
 * Average precision, the step-wise area sum (R_n - R_n-1) P_n without interpolation, as
 * scikit-learn's `average_precision_score`. Exact on ties (tied scores form one step). When `yTrue`
 * holds no positive the result is 0 (scikit-learn gives -0.0 with a warning).
 *
 * @param yTrue - true labels (at most two classes)
 * @param yScore - scores, higher meaning more likely positive
 * @param options - positive label
 * @returns the average precision in [0, 1]
 */
export function averagePrecisionScore(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  options: AveragePrecisionOptions = {},
): number {
  const posLabel = options.posLabel ?? 1;
  const present = uniqueLabels(yTrue);
  if (present.length === 2 && !present.includes(posLabel)) {
    throw new CtcError("INVALID_ARGUMENT", "posLabel is not one of the labels", {
      field: "posLabel",
      expected: present,
      actual: posLabel,
    });
  }
  const { precision, recall } = precisionRecallCurve(yTrue, yScore, { posLabel });
  let sum = 0;
  for (let i = 0; i < recall.length - 1; i++) sum -= (recall[i + 1] - recall[i]) * precision[i];
  return sum === 0 ? 0 : sum;
}
