import { CtcError } from "../core/errors";
import { binaryClfCurve } from "./curve";
import { checkFinite, checkLabelList, checkPair, type Label, resolvePosLabel, uniqueLabels } from "./labels";

/** A ROC curve: points ordered by decreasing threshold, from (0, 0) to (1, 1). */
export interface RocCurve {
  /** False positive rate (1 - specificity) at each threshold. NaN throughout when there are no negatives. */
  readonly fpr: Float64Array;
  /** True positive rate (sensitivity) at each threshold. NaN throughout when there are no positives. */
  readonly tpr: Float64Array;
  /**
   * Decreasing thresholds; a sample is positive when its score >= the threshold. The first is the
   * highest score + 1 (scikit-learn 1.2; later versions use Infinity), so that no sample is positive.
   */
  readonly thresholds: Float64Array;
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /** The positive class. Default 1 when the classes are {0, 1} or {-1, 1}; required otherwise. */
  readonly posLabel?: Label;
  /**
   * Drop thresholds whose point is collinear with its neighbours (scikit-learn's second-difference
   * test): they do not change the plotted curve nor its area. Default true, as scikit-learn.
   */
  readonly dropIntermediate?: boolean;
}

/**
 * Receiver operating characteristic curve, point for point as scikit-learn 1.2's `roc_curve`.
 *
 * @param yTrue - true labels (at most two classes)
 * @param yScore - scores, higher meaning more likely positive
 * @param options - positive label, dropping of collinear points
 * @returns false and true positive rates with their thresholds
 */
export function rocCurve(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  options: RocCurveOptions = {},
): RocCurve {
  checkPair(yTrue, yScore, ["yTrue", "yScore"]);
  const curve = binaryClfCurve(yTrue, yScore, resolvePosLabel(yTrue, options.posLabel));
  let { fps, tps, thresholds } = curve;
  if ((options.dropIntermediate ?? true) && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const corner = fps[i - 1] - 2 * fps[i] + fps[i + 1] !== 0 || tps[i - 1] - 2 * tps[i] + tps[i + 1] !== 0;
      if (corner) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => fps[i]);
    tps = Float64Array.from(keep, (i) => tps[i]);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]);
  }
  const n = fps.length + 1;
  const fpr = new Float64Array(n);
  const tpr = new Float64Array(n);
  const allThresholds = new Float64Array(n);
  allThresholds[0] = thresholds[0] + 1;
  allThresholds.set(thresholds, 1);
  const negatives = fps[fps.length - 1];
  const positives = tps[tps.length - 1];
  for (let i = 1; i < n; i++) {
    fpr[i] = negatives > 0 ? fps[i - 1] / negatives : Number.NaN;
    tpr[i] = positives > 0 ? tps[i - 1] / positives : Number.NaN;
  }
  if (negatives <= 0) fpr[0] = Number.NaN;
  if (positives <= 0) tpr[0] = Number.NaN;
  return { fpr, tpr, thresholds: allThresholds };
}

/**
 * Area under a curve by the trapezoidal rule, as scikit-learn's `auc`. `x` must be monotonic
 * (increasing or decreasing).
 *
 * @param x - abscissae, monotonic
 * @param y - ordinates
 * @returns the area (positive for decreasing `x` too)
 */
export function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPair(x, y, ["x", "y"]);
  if (x.length < 2) {
    throw new CtcError("INVALID_ARGUMENT", "at least 2 points are needed to compute an area", {
      field: "x",
      actual: x.length,
    });
  }
  let increasing = true;
  let decreasing = true;
  for (let i = 1; i < x.length; i++) {
    if (x[i] < x[i - 1]) increasing = false;
    if (x[i] > x[i - 1]) decreasing = false;
  }
  if (!increasing && !decreasing) {
    throw new CtcError("INVALID_ARGUMENT", "x is neither increasing nor decreasing", { field: "x" });
  }
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return increasing ? area : -area;
}

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /** The positive class. Default 1 when the classes are {0, 1} or {-1, 1}; required otherwise. */
  readonly posLabel?: Label;
}

/**
 * Area under the ROC curve of a binary classifier, as scikit-learn's `roc_auc_score`.
 *
 * @param yTrue - true labels, both classes present
 * @param yScore - scores, higher meaning more likely positive
 * @param options - positive label
 * @returns the AUC in [0, 1]
 * @throws `CtcError` `INVALID_ARGUMENT` when `yTrue` holds one class (the AUC is undefined)
 */
export function rocAucScore(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number>,
  options: RocAucOptions = {},
): number {
  checkPair(yTrue, yScore, ["yTrue", "yScore"]);
  if (uniqueLabels(yTrue).length !== 2) {
    throw new CtcError("INVALID_ARGUMENT", "ROC AUC is undefined when yTrue holds one class", {
      field: "yTrue",
      expected: "2 classes",
      actual: uniqueLabels(yTrue),
    });
  }
  const { fpr, tpr } = rocCurve(yTrue, yScore, { posLabel: options.posLabel });
  return auc(fpr, tpr);
}

/** Options of {@link rocAucOvr}. */
export interface RocAucOvrOptions {
  /** Classes in the order of the score columns. Default the sorted classes of `yTrue`. */
  readonly labels?: ArrayLike<Label>;
  /** `"macro"` (default): plain mean of per-class AUCs; `"weighted"`: weighted by class prevalence. */
  readonly average?: "macro" | "weighted";
}

/**
 * Multiclass ROC AUC, one class against the rest, as scikit-learn's
 * `roc_auc_score(multi_class="ovr")`. Rows must be probabilities (summing to 1, checked with NumPy's
 * `allclose` tolerances); with two columns it is the binary AUC of the second column.
 *
 * @param yTrue - true labels; every class must occur
 * @param yScore - one row of class probabilities per sample
 * @param options - class order, average
 * @returns the averaged AUC
 */
export function rocAucOvr(
  yTrue: ArrayLike<Label>,
  yScore: ReadonlyArray<ArrayLike<number>>,
  options: RocAucOvrOptions = {},
): number {
  checkPair(yTrue, yScore, ["yTrue", "yScore"]);
  const present = uniqueLabels(yTrue);
  const classes = options.labels === undefined ? present : checkLabelList(options.labels);
  const known = new Set(classes);
  if (present.some((label) => !known.has(label))) {
    throw new CtcError("INVALID_ARGUMENT", "yTrue holds labels that are not in labels", {
      field: "labels",
      expected: present,
      actual: classes,
    });
  }
  yScore.forEach((row, i) => {
    checkFinite(row, "yScore");
    if (row.length !== classes.length) {
      throw new CtcError("SHAPE_MISMATCH", "a score row does not have one column per class", {
        field: "yScore",
        cell: i,
        expected: classes.length,
        actual: row.length,
      });
    }
    let sum = 0;
    for (let c = 0; c < row.length; c++) sum += row[c];
    if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new CtcError("INVALID_ARGUMENT", "score rows must be probabilities summing to 1", {
        field: "yScore",
        cell: i,
        actual: sum,
      });
    }
  });
  const column = (c: number) => Float64Array.from(yScore, (row) => row[c]);
  if (classes.length === 2) return rocAucScore(yTrue, column(1), { posLabel: classes[1] });
  const aucs = classes.map((label) => {
    const isClass = Array.from(yTrue, (y) => (y === label ? 1 : 0));
    return rocAucScore(isClass, column(classes.indexOf(label)));
  });
  if (options.average === "weighted") {
    const prevalence = classes.map((label) => Array.from(yTrue).filter((y) => y === label).length);
    return aucs.reduce((s, a, c) => s + a * prevalence[c], 0) / yTrue.length;
  }
  return aucs.reduce((s, a) => s + a, 0) / aucs.length;
}
