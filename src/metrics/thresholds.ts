import { CtcError } from "../core/errors";
import { binaryClfCurve } from "./curve";
import { binarize, checkFinite, checkPair, type Label, resolvePosLabel } from "./labels";

/** A decision threshold and what it buys: a sample is called positive when its score >= `threshold`. */
export interface ThresholdPoint {
  /** The threshold (one of the scores). */
  readonly threshold: number;
  /** Positives called positive. */
  readonly tp: number;
  /** Negatives called positive. */
  readonly fp: number;
  /** Negatives called negative. */
  readonly tn: number;
  /** Positives called negative. */
  readonly fn: number;
  /** Sensitivity (recall, true positive rate) TP / (TP + FN); 0 without positives. */
  readonly sensitivity: number;
  /** Specificity TN / (TN + FP); 0 without negatives. */
  readonly specificity: number;
  /** Precision (positive predictive value) TP / (TP + FP); 0 when nothing is called positive. */
  readonly precision: number;
  /** F1 = 2 TP / (2 TP + FP + FN); 0 when that is 0/0. */
  readonly f1: number;
  /** Youden's J = sensitivity + specificity - 1. */
  readonly youdenJ: number;
}

/** Options of the threshold functions. */
export interface ThresholdOptions {
  /** The positive class. Default 1 when the classes are {0, 1} or {-1, 1}; required otherwise. */
  readonly posLabel?: Label;
}

function point(
  threshold: number,
  tp: number,
  fp: number,
  positives: number,
  negatives: number,
): ThresholdPoint {
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const sensitivity = ratio(tp, positives);
  const specificity = ratio(negatives - fp, negatives);
  return {
    threshold,
    tp,
    fp,
    tn: negatives - fp,
    fn: positives - tp,
    sensitivity,
    specificity,
    precision: ratio(tp, tp + fp),
    f1: ratio(2 * tp, tp + fp + positives),
    youdenJ: sensitivity + specificity - 1,
  };
}

/** Every distinct score as a candidate threshold, highest first. */
function candidates(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  options: ThresholdOptions,
): ThresholdPoint[] {
  checkPair(yTrue, yScore, ["yTrue", "yScore"]);
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, yScore, resolvePosLabel(yTrue, options.posLabel));
  const positives = tps[tps.length - 1];
  const negatives = fps[fps.length - 1];
  return Array.from(thresholds, (t, i) => point(t, tps[i], fps[i], positives, negatives));
}

function requireClasses(points: ThresholdPoint[], needNegatives: boolean): void {
  const last = points[points.length - 1];
  if (last.tp === 0 || (needNegatives && last.fp === 0)) {
    throw new CtcError("INVALID_ARGUMENT", "yTrue must hold both classes to choose a threshold", {
      field: "yTrue",
      expected: needNegatives ? "positives and negatives" : "at least one positive",
    });
  }
}

/** First (highest-threshold) point with the largest key: the most conservative call among equals. */
function best(points: ThresholdPoint[], key: (p: ThresholdPoint) => number): ThresholdPoint {
  let chosen = points[0];
  for (const p of points) if (key(p) > key(chosen)) chosen = p;
  return chosen;
}

/**
 * The threshold with the highest F1. Among equal F1 the highest threshold wins (fewest cells called
 * positive).
 *
 * @param yTrue - true labels with at least one positive
 * @param yScore - scores, higher meaning more likely positive
 * @param options - positive label
 * @returns the threshold and the metrics at it
 */
export function thresholdMaxF1(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  options: ThresholdOptions = {},
): ThresholdPoint {
  const points = candidates(yTrue, yScore, options);
  requireClasses(points, false);
  return best(points, (p) => p.f1);
}

/**
 * The threshold maximising Youden's J (sensitivity + specificity - 1), the ROC point farthest above the
 * chance diagonal. Among equal J the highest threshold wins.
 *
 * @param yTrue - true labels with both classes
 * @param yScore - scores, higher meaning more likely positive
 * @param options - positive label
 * @returns the threshold and the metrics at it
 */
export function thresholdYouden(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  options: ThresholdOptions = {},
): ThresholdPoint {
  const points = candidates(yTrue, yScore, options);
  requireClasses(points, true);
  return best(points, (p) => p.youdenJ);
}

/**
 * The highest threshold whose sensitivity reaches `target` (e.g. 0.95): the best specificity that
 * still finds that share of tumour cells on this data. The lowest score always reaches sensitivity 1,
 * so a threshold always exists.
 *
 * @param yTrue - true labels with at least one positive
 * @param yScore - scores, higher meaning more likely positive
 * @param target - required sensitivity in [0, 1]
 * @param options - positive label
 * @returns the threshold and the metrics at it
 */
export function thresholdForSensitivity(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  target: number,
  options: ThresholdOptions = {},
): ThresholdPoint {
  if (!(target >= 0 && target <= 1)) {
    throw new CtcError("INVALID_ARGUMENT", "target sensitivity must lie in [0, 1]", {
      field: "target",
      actual: target,
    });
  }
  const points = candidates(yTrue, yScore, options);
  requireClasses(points, false);
  // The last point calls every cell positive, so its sensitivity is 1 and find always succeeds.
  return points.find((p) => p.sensitivity >= target)!;
}

/**
 * Metrics of a fixed threshold on new data, e.g. a threshold chosen on validation folds applied to a
 * test set.
 *
 * @param yTrue - true labels (at most two classes)
 * @param yScore - scores
 * @param threshold - call positive when score >= threshold
 * @param options - positive label
 * @returns the metrics at the threshold
 */
export function metricsAtThreshold(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  threshold: number,
  options: ThresholdOptions = {},
): ThresholdPoint {
  checkPair(yTrue, yScore, ["yTrue", "yScore"]);
  checkFinite(yScore, "yScore");
  const positive = binarize(yTrue, resolvePosLabel(yTrue, options.posLabel));
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (let i = 0; i < positive.length; i++) {
    positives += positive[i];
    if (yScore[i] >= threshold) {
      if (positive[i]) tp++;
      else fp++;
    }
  }
  return point(threshold, tp, fp, positives, positive.length - positives);
}
