import { CtcError } from "../core/errors";
import { type ClassCounts, classCounts, confusionMatrix } from "./confusion";
import { checkPair, type Label, uniqueLabels } from "./labels";

/**
 * How per-class scores are combined, as scikit-learn's `average`:
 * - `"binary"`: the score of `posLabel` only (targets with at most two classes);
 * - `"micro"`: counts summed over classes first;
 * - `"macro"`: unweighted mean over classes;
 * - `"weighted"`: mean weighted by each class's support (number of true samples).
 *
 * Per-class scores come from {@link perClassScores}.
 */
export type Average = "binary" | "micro" | "macro" | "weighted";

/**
 * Value of a score whose denominator is zero (no predicted positives for precision, no true
 * positives for recall, no true negatives and false positives for specificity). scikit-learn's
 * default `"warn"` behaves as 0 and warns; a pure function cannot warn, so the default here is 0.
 */
export type ZeroDivision = 0 | 1;

/** Options shared by the averaged scores. */
export interface AverageOptions {
  /** How to combine classes. Default `"binary"`, as scikit-learn. */
  readonly average?: Average;
  /** The positive class when `average` is `"binary"`. Default 1. */
  readonly posLabel?: Label;
  /** Classes to include (and their order); default every label seen. Ignored for `"binary"`. */
  readonly labels?: ArrayLike<Label>;
  /** Result of 0/0. Default 0 (scikit-learn's `"warn"`). */
  readonly zeroDivision?: ZeroDivision;
}

function divide(num: number, den: number, zeroDivision: ZeroDivision): number {
  return den === 0 ? zeroDivision : num / den;
}

function fScoreOf(precision: number, recall: number, beta: number): number {
  if (beta === Number.POSITIVE_INFINITY) return recall;
  const b2 = beta * beta;
  const den = b2 * precision + recall;
  // scikit-learn replaces a zero denominator by 1, which makes F zero whatever zero_division says.
  return ((1 + b2) * precision * recall) / (den === 0 ? 1 : den);
}

function countsFor(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: AverageOptions): ClassCounts {
  checkPair(yTrue, yPred, ["yTrue", "yPred"]);
  const average = options.average ?? "binary";
  if (!["binary", "micro", "macro", "weighted"].includes(average)) {
    throw new CtcError("INVALID_ARGUMENT", "unknown average", {
      field: "average",
      expected: "binary, micro, macro or weighted",
      actual: average,
    });
  }
  if (average !== "binary") return classCounts(yTrue, yPred, options.labels);
  const present = uniqueLabels(yTrue, yPred);
  const posLabel = options.posLabel ?? 1;
  if (present.length > 2) {
    throw new CtcError("INVALID_ARGUMENT", "the target is multiclass but average is binary", {
      field: "average",
      expected: "micro, macro or weighted",
      actual: average,
    });
  }
  if (!present.includes(posLabel) && present.length === 2) {
    throw new CtcError("INVALID_ARGUMENT", "posLabel is not one of the labels", {
      field: "posLabel",
      expected: present,
      actual: posLabel,
    });
  }
  return classCounts(yTrue, yPred, [posLabel]);
}

function mean(values: number[], weights?: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    num += values[i] * w;
    den += w;
  }
  return num / den;
}

interface Averaged {
  precision: number;
  recall: number;
  fScore: number;
}

/** scikit-learn's `precision_recall_fscore_support` for an `average`, step for step. */
function averagedScores(counts: ClassCounts, options: AverageOptions, beta: number): Averaged {
  const zd = options.zeroDivision ?? 0;
  const average = options.average ?? "binary";
  let tp = counts.tp;
  let predSum = counts.tp.map((t, c) => t + counts.fp[c]);
  let trueSum = counts.tp.map((t, c) => t + counts.fn[c]);
  if (average === "micro") {
    const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
    tp = [sum(tp)];
    predSum = [sum(predSum)];
    trueSum = [sum(trueSum)];
  }
  const precision = tp.map((t, c) => divide(t, predSum[c], zd));
  const recall = tp.map((t, c) => divide(t, trueSum[c], zd));
  const fScore = precision.map((p, c) => fScoreOf(p, recall[c], beta));
  if (average === "weighted") {
    const support = trueSum.reduce((s, v) => s + v, 0);
    if (support === 0) {
      // No true samples of any listed class: scikit-learn's special case.
      const anyPredicted = predSum.some((v) => v > 0);
      return anyPredicted
        ? { precision: 0, recall: zd, fScore: 0 }
        : { precision: zd, recall: zd, fScore: zd };
    }
    return {
      precision: mean(precision, trueSum),
      recall: mean(recall, trueSum),
      fScore: mean(fScore, trueSum),
    };
  }
  return { precision: mean(precision), recall: mean(recall), fScore: mean(fScore) };
}

/**
 * Precision TP / (TP + FP), as scikit-learn's `precision_score`.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - average, positive label, labels, zero division (0/0 gives `zeroDivision`)
 * @returns the precision
 */
export function precisionScore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: AverageOptions = {},
): number {
  return averagedScores(countsFor(yTrue, yPred, options), options, 1).precision;
}

/**
 * Recall (sensitivity) TP / (TP + FN), as scikit-learn's `recall_score`.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - average, positive label, labels, zero division (no true positives gives `zeroDivision`)
 * @returns the recall
 */
export function recallScore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: AverageOptions = {},
): number {
  return averagedScores(countsFor(yTrue, yPred, options), options, 1).recall;
}

/**
 * F-beta score, as scikit-learn 1.2's `fbeta_score`, computed from the (possibly `zeroDivision`-replaced)
 * precision and recall: F is 0 when both are 0, and 1 only when there are no positive labels nor
 * positive calls and `zeroDivision` is 1.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param beta - weight of recall relative to precision, >= 0 (Infinity gives recall)
 * @param options - average, positive label, labels, zero division
 * @returns the F-beta score
 */
export function fbetaScore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  beta: number,
  options: AverageOptions = {},
): number {
  if (!(beta >= 0)) {
    throw new CtcError("INVALID_ARGUMENT", "beta must be >= 0", { field: "beta", actual: beta });
  }
  return averagedScores(countsFor(yTrue, yPred, options), options, beta).fScore;
}

/**
 * F1 score, the harmonic mean of precision and recall, as scikit-learn's `f1_score`.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - average, positive label, labels, zero division
 * @returns the F1 score
 */
export function f1Score(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: AverageOptions = {},
): number {
  return fbetaScore(yTrue, yPred, 1, options);
}

/**
 * Specificity TN / (TN + FP): the recall of "not this class". scikit-learn has no such function;
 * this follows its conventions (one-vs-rest counts of `multilabel_confusion_matrix`, the same
 * averages; `"weighted"` weighs by the class's support and gives `zeroDivision` when no listed class
 * occurs in `yTrue`).
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - average, positive label, labels, zero division (no negatives gives `zeroDivision`)
 * @returns the specificity
 */
export function specificityScore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: AverageOptions = {},
): number {
  const counts = countsFor(yTrue, yPred, options);
  const zd = options.zeroDivision ?? 0;
  const negatives = counts.tn.map((t, c) => t + counts.fp[c]);
  if (options.average === "micro") {
    const tn = counts.tn.reduce((s, v) => s + v, 0);
    return divide(
      tn,
      negatives.reduce((s, v) => s + v, 0),
      zd,
    );
  }
  const perClass = counts.tn.map((t, c) => divide(t, negatives[c], zd));
  if (options.average === "weighted") {
    const support = counts.tp.map((t, c) => t + counts.fn[c]);
    return support.some((s) => s > 0) ? mean(perClass, support) : zd;
  }
  return mean(perClass);
}

/** Scores of each class on its own, as scikit-learn's `average=None`. */
export interface PerClassScores {
  /** The classes, in the order of the arrays. */
  readonly labels: Label[];
  /** Precision per class. */
  readonly precision: number[];
  /** Recall (sensitivity) per class. */
  readonly recall: number[];
  /** F-beta per class (F1 by default). */
  readonly fScore: number[];
  /** Specificity per class (one-vs-rest). */
  readonly specificity: number[];
  /** Number of true samples per class. */
  readonly support: number[];
}

/** Options of {@link perClassScores}. */
export interface PerClassOptions {
  /** Classes to report, in this order. Default every label seen, sorted. */
  readonly labels?: ArrayLike<Label>;
  /** Beta of the F score. Default 1. */
  readonly beta?: number;
  /** Result of 0/0. Default 0. */
  readonly zeroDivision?: ZeroDivision;
}

/**
 * Precision, recall, F-beta, specificity and support of each class, as scikit-learn's
 * `precision_recall_fscore_support(average=None)`.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - labels, beta, zero division
 * @returns the scores per class
 */
export function perClassScores(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PerClassOptions = {},
): PerClassScores {
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) {
    throw new CtcError("INVALID_ARGUMENT", "beta must be >= 0", { field: "beta", actual: beta });
  }
  const zd = options.zeroDivision ?? 0;
  const counts = classCounts(yTrue, yPred, options.labels);
  const precision = counts.tp.map((t, c) => divide(t, t + counts.fp[c], zd));
  const recall = counts.tp.map((t, c) => divide(t, t + counts.fn[c], zd));
  return {
    labels: counts.labels,
    precision,
    recall,
    fScore: precision.map((p, c) => fScoreOf(p, recall[c], beta)),
    specificity: counts.tn.map((t, c) => divide(t, t + counts.fp[c], zd)),
    support: counts.tp.map((t, c) => t + counts.fn[c]),
  };
}

/**
 * Fraction of samples predicted correctly, as scikit-learn's `accuracy_score`.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @returns the accuracy in [0, 1]
 */
export function accuracyScore(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  checkPair(yTrue, yPred, ["yTrue", "yPred"]);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/** Options of {@link balancedAccuracyScore}. */
export interface BalancedAccuracyOptions {
  /** Rescale so that chance scores 0 and perfect scores 1. Default false. */
  readonly adjusted?: boolean;
}

/**
 * Mean recall over the classes present in `yTrue`, as scikit-learn's `balanced_accuracy_score`.
 * Classes that occur only in `yPred` are left out of the mean, as scikit-learn does.
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - adjusted for chance or not
 * @returns the balanced accuracy; adjusted, -Infinity when `yTrue` holds one class (as scikit-learn)
 */
export function balancedAccuracyScore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: BalancedAccuracyOptions = {},
): number {
  const { matrix } = confusionMatrix(yTrue, yPred);
  const perClass: number[] = [];
  matrix.forEach((row, i) => {
    const total = row.reduce((s, v) => s + v, 0);
    if (total > 0) perClass.push(row[i] / total);
  });
  let score = mean(perClass);
  if (options.adjusted) {
    const chance = 1 / perClass.length;
    score -= chance;
    score /= 1 - chance;
  }
  return score;
}

/**
 * Matthews correlation coefficient (multiclass R_K), as scikit-learn's `matthews_corrcoef`. It is 0
 * when either labels or predictions hold a single class (scikit-learn's convention).
 *
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @returns the coefficient in [-1, 1]
 */
export function matthewsCorrcoef(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  const { matrix } = confusionMatrix(yTrue, yPred);
  const k = matrix.length;
  const tSum = matrix.map((row) => row.reduce((s, v) => s + v, 0));
  const pSum = matrix[0].map((_, j) => matrix.reduce((s, row) => s + row[j], 0));
  let correct = 0;
  for (let i = 0; i < k; i++) correct += matrix[i][i];
  const n = pSum.reduce((s, v) => s + v, 0);
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  const covTP = correct * n - dot(tSum, pSum);
  const covPP = n * n - dot(pSum, pSum);
  const covTT = n * n - dot(tSum, tSum);
  if (covPP * covTT === 0) return 0;
  return covTP / Math.sqrt(covTT * covPP);
}

/** Options of {@link cohenKappaScore}. */
export interface KappaOptions {
  /** Classes to use, in this order (needed for weighted kappa on ordinal grades). Default all, sorted. */
  readonly labels?: ArrayLike<Label>;
  /** Disagreement weights for ordinal classes; default none (every disagreement weighs 1). */
  readonly weights?: "linear" | "quadratic";
}

/**
 * Cohen's kappa between two raters, as scikit-learn's `cohen_kappa_score`: model vs a human reader, or
 * reader vs reader. Symmetric in its two arguments. When both raters use one single class the expected
 * disagreement is 0 and kappa is NaN (scikit-learn 1.2 returns NaN there too).
 *
 * @param y1 - labels from the first rater
 * @param y2 - labels from the second rater
 * @param options - labels and weights
 * @returns kappa, at most 1; NaN when undefined
 */
export function cohenKappaScore(
  y1: ArrayLike<Label>,
  y2: ArrayLike<Label>,
  options: KappaOptions = {},
): number {
  const { matrix } = confusionMatrix(y1, y2, { labels: options.labels });
  const k = matrix.length;
  const sum0 = matrix[0].map((_, j) => matrix.reduce((s, row) => s + row[j], 0));
  const sum1 = matrix.map((row) => row.reduce((s, v) => s + v, 0));
  const total = sum0.reduce((s, v) => s + v, 0);
  const weight = (i: number, j: number): number => {
    if (options.weights === "linear") return Math.abs(i - j);
    if (options.weights === "quadratic") return (i - j) * (i - j);
    return i === j ? 0 : 1;
  };
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += weight(i, j) * matrix[i][j];
      expected += weight(i, j) * ((sum0[i] * sum1[j]) / total);
    }
  }
  return 1 - observed / expected;
}
