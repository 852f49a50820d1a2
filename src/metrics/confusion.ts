import { CtcError } from "../core/errors";
import { checkLabelList, checkPair, type Label, uniqueLabels } from "./labels";

/** A confusion matrix with the label order of its rows and columns. */
export interface ConfusionMatrix {
  /** Labels, in the order of rows (true class) and columns (predicted class). */
  readonly labels: Label[];
  /** `matrix[i][j]`: number of samples of true class `labels[i]` predicted as `labels[j]`. */
  readonly matrix: number[][];
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionOptions {
  /**
   * Labels to index the matrix, in this order. Samples whose true or predicted label is not listed are
   * left out, as in scikit-learn. Default: every label seen in either array, sorted.
   */
  readonly labels?: ArrayLike<Label>;
}

/**
 * Confusion matrix, as scikit-learn's `confusion_matrix` (rows: true class, columns: predicted).
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - label order
 * @returns the labels and the matrix
 * @throws `CtcError` `SHAPE_MISMATCH` when lengths differ; `INVALID_ARGUMENT` when no listed label
 *   occurs in `yTrue` (scikit-learn raises the same)
 */
export function confusionMatrix(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: ConfusionOptions = {},
): ConfusionMatrix {
  checkPair(yTrue, yPred, ["yTrue", "yPred"]);
  const present = uniqueLabels(yTrue, yPred);
  const labels = options.labels === undefined ? present : checkLabelList(options.labels);
  const index = new Map<Label, number>(labels.map((label, i) => [label, i]));
  if (options.labels !== undefined && !Array.from(yTrue).some((label) => index.has(label))) {
    throw new CtcError("INVALID_ARGUMENT", "at least one of the labels must occur in yTrue", {
      field: "labels",
      actual: labels,
    });
  }
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]);
    const p = index.get(yPred[i]);
    if (t !== undefined && p !== undefined) matrix[t][p] += 1;
  }
  return { labels, matrix };
}

/** One-vs-rest counts per class, as scikit-learn's `multilabel_confusion_matrix` for 1-D targets. */
export interface ClassCounts {
  /** The classes, in the order of the count arrays. */
  readonly labels: Label[];
  /** Samples of the class predicted as the class. */
  readonly tp: number[];
  /** Samples of other classes predicted as the class. */
  readonly fp: number[];
  /** Samples of the class predicted as another class. */
  readonly fn: number[];
  /** Samples neither of nor predicted as the class. */
  readonly tn: number[];
}

/**
 * One-vs-rest true/false positive/negative counts per class. Unlike {@link confusionMatrix}, samples
 * with labels outside `labels` still count as negatives for every listed class, as in scikit-learn.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param labels - classes to count, in this order; default every label seen, sorted
 * @returns counts per class
 */
export function classCounts(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  labels?: ArrayLike<Label>,
): ClassCounts {
  checkPair(yTrue, yPred, ["yTrue", "yPred"]);
  const present = uniqueLabels(yTrue, yPred);
  const list = labels === undefined ? present : checkLabelList(labels);
  const index = new Map<Label, number>(list.map((label, i) => [label, i]));
  const k = list.length;
  const tp = new Array<number>(k).fill(0);
  const predSum = new Array<number>(k).fill(0);
  const trueSum = new Array<number>(k).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]);
    const p = index.get(yPred[i]);
    if (t !== undefined) trueSum[t] += 1;
    if (p !== undefined) predSum[p] += 1;
    if (t !== undefined && yTrue[i] === yPred[i]) tp[t] += 1;
  }
  const fp = predSum.map((s, c) => s - tp[c]);
  const fn = trueSum.map((s, c) => s - tp[c]);
  const tn = tp.map((t, c) => yTrue.length - t - fp[c] - fn[c]);
  return { labels: list, tp, fp, fn, tn };
}
