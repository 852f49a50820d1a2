import type { CvSettings } from "./config";
import { groupFolds, stratifiedFolds } from "./library";

/** The cells of one fold, by index into the dataset. */
export interface FoldPlan {
  /** Cells the network trains on. */
  readonly train: readonly number[];
  /** Cells held back from training to choose the decision threshold (may be empty). */
  readonly val: readonly number[];
  /** Held-out cells the fold is evaluated on. */
  readonly test: readonly number[];
}

/** Every fold, and which splitter made them. */
export interface CvPlan {
  /** `stratified k-fold` or `group k-fold`. */
  readonly splitter: string;
  /** One plan per fold. */
  readonly folds: readonly FoldPlan[];
}

/**
 * Split cells into folds with the library's splitters: grouped k-fold when groups exist (so no patient
 * is in both training and test), stratified k-fold otherwise. Each training part then loses a stratified
 * `valFraction` (through the same stratified splitter) for threshold selection.
 *
 * @param labels - class index per cell
 * @param groups - group per cell, if any
 * @param cv - settings
 * @param seed - run seed
 * @returns the fold plan
 */
export function planFolds(
  labels: ArrayLike<number>,
  groups: readonly number[] | undefined,
  cv: CvSettings,
  seed: number,
): CvPlan {
  const k = cv.folds ?? 5;
  const mode = cv.splitter ?? "auto";
  const grouped = mode === "group" || (mode === "auto" && groups !== undefined);
  const outer = grouped ? groupFolds(labels, groups!, k, seed) : stratifiedFolds(labels, k, seed);
  const valFraction = cv.valFraction ?? 0.1;
  const folds = outer.map(({ train, test }, fold) => {
    if (valFraction === 0) return { train, val: [], test };
    const inner = stratifiedFolds(
      train.map((i) => labels[i]),
      Math.max(2, Math.round(1 / valFraction)),
      seed + 7919 * (fold + 1),
    )[0];
    return { train: inner.train.map((i) => train[i]), val: inner.test.map((i) => train[i]), test };
  });
  return { splitter: grouped ? "group k-fold" : "stratified k-fold", folds };
}
