import { CtcError } from "../core/errors";
import {
  binarize,
  checkFinite,
  checkLabelList,
  checkPair,
  checkProbabilities,
  type Label,
  resolvePosLabel,
  uniqueLabels,
} from "./labels";

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /**
   * All classes, when `yTrue` may miss some (a small test fold). Sorted as scikit-learn's
   * `LabelBinarizer` sorts them; columns of `yProb` follow that order. Default the classes in `yTrue`.
   */
  readonly labels?: ArrayLike<Label>;
  /** Probabilities are clipped to [eps, 1 - eps]. Default `Number.EPSILON` (scikit-learn's float64 "auto"). */
  readonly eps?: number;
}

/**
 * Mean cross-entropy, as scikit-learn 1.2's `log_loss`: probabilities are clipped to [eps, 1 - eps],
 * then each row is renormalised to sum to 1.
 *
 * @param yTrue - true labels
 * @param yProb - for two classes, the probability of the greater class per sample; otherwise one row
 *   of class probabilities per sample, columns in sorted class order
 * @param options - labels, eps
 * @returns the mean negative log-likelihood (natural log)
 * @throws `CtcError` `INVALID_ARGUMENT` when there is a single class (scikit-learn raises too) or a
 *   label of `yTrue` is not among `labels`; `SHAPE_MISMATCH` when rows do not match the classes
 */
export function logLoss(
  yTrue: ArrayLike<Label>,
  yProb: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>,
  options: LogLossOptions = {},
): number {
  checkPair(yTrue, yProb, ["yTrue", "yProb"]);
  const classes =
    options.labels === undefined ? uniqueLabels(yTrue) : uniqueLabels(checkLabelList(options.labels));
  if (classes.length < 2) {
    throw new CtcError("INVALID_ARGUMENT", "log loss needs at least two classes; pass them as labels", {
      field: "labels",
      actual: classes,
    });
  }
  const index = new Map<Label, number>(classes.map((label, i) => [label, i]));
  const eps = options.eps ?? Number.EPSILON;
  const clip = (p: number) => Math.min(Math.max(p, eps), 1 - eps);
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const row = yProb[i];
    let probs: number[];
    if (typeof row === "number") {
      if (classes.length !== 2) {
        throw new CtcError("SHAPE_MISMATCH", "one probability per sample only fits two classes", {
          field: "yProb",
          expected: `rows of ${classes.length} probabilities`,
          actual: "numbers",
        });
      }
      checkFinite([row], "yProb");
      const p = clip(row);
      probs = [1 - p, p];
    } else {
      if (row.length !== classes.length) {
        throw new CtcError("SHAPE_MISMATCH", "a probability row does not have one column per class", {
          field: "yProb",
          cell: i,
          expected: classes.length,
          actual: row.length,
        });
      }
      checkFinite(row, "yProb");
      probs = Array.from(row, clip);
    }
    const c = index.get(yTrue[i]);
    if (c === undefined) {
      throw new CtcError("INVALID_ARGUMENT", "a true label is not among the labels", {
        field: "yTrue",
        cell: i,
        expected: classes,
        actual: yTrue[i],
      });
    }
    const sum = probs.reduce((s, v) => s + v, 0);
    total -= Math.log(probs[c] / sum);
  }
  return total / yTrue.length;
}

/** Options of {@link brierScore}. */
export interface BrierOptions {
  /**
   * The positive class. Default as scikit-learn 1.2: 1 for classes {0, 1}, {-1, 1}, {0}, {1} or {-1},
   * otherwise the greatest numeric class; string classes need it.
   */
  readonly posLabel?: Label;
}

/**
 * Brier score, the mean squared difference between the predicted probability of the positive class
 * and the 0/1 outcome, as scikit-learn's `brier_score_loss`. Defined for one-class labels too.
 *
 * @param yTrue - true labels (at most two classes)
 * @param yProb - probability of the positive class per sample, in [0, 1]
 * @param options - positive label
 * @returns the score in [0, 1]; lower is better
 */
export function brierScore(
  yTrue: ArrayLike<Label>,
  yProb: ArrayLike<number>,
  options: BrierOptions = {},
): number {
  checkPair(yTrue, yProb, ["yTrue", "yProb"]);
  checkProbabilities(yProb, "yProb");
  const y = binarize(yTrue, brierPosLabel(yTrue, options.posLabel));
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (y[i] - yProb[i]) ** 2;
  return sum / y.length;
}

function brierPosLabel(yTrue: ArrayLike<Label>, posLabel: Label | undefined): Label {
  try {
    return resolvePosLabel(yTrue, posLabel);
  } catch (error) {
    const classes = uniqueLabels(yTrue);
    // scikit-learn 1.2 keeps an older rule for numeric classes: the greater one is positive.
    if (classes.length <= 2 && typeof classes[0] === "number") return classes[classes.length - 1];
    throw error;
  }
}
