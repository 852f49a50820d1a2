import { CtcError } from "../core/errors";
import { shuffleInPlace } from "../random/distributions";
import { createRng } from "../random/rng";
import { checkPair, type Label, uniqueLabels } from "./labels";

/** One cross-validation fold: sample indices, ascending. */
export interface Fold {
  /** Indices of the training samples. */
  readonly train: Int32Array;
  /** Indices of the test samples. */
  readonly test: Int32Array;
}

/** Options of the splitters. */
export interface KFoldOptions {
  /** Number of folds, at least 2. Default 5, as scikit-learn. */
  readonly nSplits?: number;
  /** Shuffle before assigning folds. Default false (deterministic, equal to scikit-learn's folds). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle, a non-negative safe integer (hashed into pure-rand xoroshiro128+). Default 0. */
  readonly seed?: number;
}

function checkSplits(nSplits: number, nSamples: number): void {
  if (!Number.isInteger(nSplits) || nSplits < 2) {
    throw new CtcError("INVALID_ARGUMENT", "nSplits must be an integer >= 2", {
      field: "nSplits",
      actual: nSplits,
    });
  }
  if (nSplits > nSamples) {
    throw new CtcError("INVALID_ARGUMENT", "more folds than samples", {
      field: "nSplits",
      expected: `at most ${nSamples}`,
      actual: nSplits,
    });
  }
}

function checkClassCounts(counts: number[], nSplits: number): void {
  if (counts.every((count) => count < nSplits)) {
    throw new CtcError("INVALID_ARGUMENT", "every class has fewer members than nSplits", {
      field: "nSplits",
      expected: `at most ${Math.max(...counts)}`,
      actual: nSplits,
    });
  }
}

function foldsFrom(testFold: Int32Array, nSplits: number): Fold[] {
  return Array.from({ length: nSplits }, (_, f) => {
    const test: number[] = [];
    const train: number[] = [];
    testFold.forEach((fold, i) => {
      (fold === f ? test : train).push(i);
    });
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}

/**
 * Stratified k-fold: each test fold keeps the class proportions of `y`. Without shuffling the folds are
 * those of scikit-learn's `StratifiedKFold` (classes taken in order of first appearance, each class's
 * samples dealt to folds in contiguous blocks). With shuffling, the block of fold numbers of each class
 * is permuted by the seeded generator (scikit-learn's folds then differ: it draws from NumPy's MT19937).
 *
 * @param y - class labels, one per sample
 * @param options - number of folds, shuffle, seed
 * @returns the folds, fold 0 first
 */
export function stratifiedKFold(y: ArrayLike<Label>, options: KFoldOptions = {}): Fold[] {
  const nSplits = options.nSplits ?? 5;
  checkSplits(nSplits, y.length);
  uniqueLabels(y); // rejects mixed or non-finite labels
  // scikit-learn numbers the classes in order of first appearance, which fixes the order of the blocks.
  const firstSeen = new Map<Label, number>();
  for (let i = 0; i < y.length; i++) if (!firstSeen.has(y[i])) firstSeen.set(y[i], firstSeen.size);
  const encoded = Int32Array.from(y, (label) => firstSeen.get(label)!);
  const nClasses = firstSeen.size;
  const counts = new Array<number>(nClasses).fill(0);
  for (const k of encoded) counts[k]++;
  checkClassCounts(counts, nSplits);
  // Deal the sorted labels round-robin to folds: allocation[f][k] samples of class k go to fold f.
  const sorted = encoded.slice().sort();
  const allocation = Array.from({ length: nSplits }, () => new Array<number>(nClasses).fill(0));
  sorted.forEach((k, j) => {
    allocation[j % nSplits][k]++;
  });
  const rng = options.shuffle ? createRng(options.seed ?? 0) : undefined;
  const testFold = new Int32Array(y.length);
  for (let k = 0; k < nClasses; k++) {
    const foldsForClass: number[] = [];
    for (let f = 0; f < nSplits; f++) for (let r = 0; r < allocation[f][k]; r++) foldsForClass.push(f);
    if (rng) shuffleInPlace(rng, foldsForClass);
    let next = 0;
    for (let i = 0; i < y.length; i++) if (encoded[i] === k) testFold[i] = foldsForClass[next++];
  }
  return foldsFrom(testFold, nSplits);
}

/** Population standard deviation, in NumPy's order of operations (np.std over a short axis). */
function std(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i] - mean) * (values[i] - mean);
  return Math.sqrt(sq / values.length);
}

/**
 * Stratified group k-fold: every group (patient, sample) lies in exactly one test fold, so no patient's
 * cells are in both training and test data, while class proportions stay as even as the groups allow.
 * Greedy, as scikit-learn's `StratifiedGroupKFold`: groups with the most uneven class mix are placed
 * first, each into the fold that keeps per-class fold shares most even (ties to the smaller fold).
 * Without shuffling the folds equal scikit-learn's. With shuffling, the seeded generator permutes the
 * groups before the stable sort, which breaks ties between groups with equal class spread at random
 * (scikit-learn 1.2 shuffles the count rows but not the group ids with them).
 *
 * @param y - class labels, one per sample
 * @param groups - group id per sample (e.g. patient)
 * @param options - number of folds, shuffle, seed
 * @returns the folds, fold 0 first
 * @throws `CtcError` `INVALID_ARGUMENT` when there are fewer groups than folds
 */
export function stratifiedGroupKFold(
  y: ArrayLike<Label>,
  groups: ArrayLike<Label>,
  options: KFoldOptions = {},
): Fold[] {
  checkPair(y, groups, ["y", "groups"]);
  const nSplits = options.nSplits ?? 5;
  checkSplits(nSplits, y.length);
  const classes = uniqueLabels(y);
  const groupIds = uniqueLabels(groups);
  if (groupIds.length < nSplits) {
    throw new CtcError("INVALID_ARGUMENT", "fewer groups than folds", {
      field: "groups",
      expected: `at least ${nSplits} groups`,
      actual: groupIds.length,
    });
  }
  const classIndex = new Map<Label, number>(classes.map((c, i) => [c, i]));
  const groupIndex = new Map<Label, number>(groupIds.map((g, i) => [g, i]));
  const nClasses = classes.length;
  const yCount = new Array<number>(nClasses).fill(0);
  const perGroup = groupIds.map(() => new Float64Array(nClasses));
  const groupOf = Int32Array.from(groups, (g) => groupIndex.get(g)!);
  for (let i = 0; i < y.length; i++) {
    const c = classIndex.get(y[i])!;
    yCount[c]++;
    perGroup[groupOf[i]][c]++;
  }
  checkClassCounts(yCount, nSplits);
  const order = groupIds.map((_, g) => g);
  if (options.shuffle) shuffleInPlace(createRng(options.seed ?? 0), order);
  const spread = perGroup.map(std);
  // Array.prototype.sort is stable, as NumPy's mergesort argsort.
  order.sort((a, b) => spread[b] - spread[a]);
  const perFold = Array.from({ length: nSplits }, () => new Float64Array(nClasses));
  const foldOfGroup = new Int32Array(groupIds.length);
  for (const g of order) {
    const counts = perGroup[g];
    let bestFold = -1;
    let minEval = Number.POSITIVE_INFINITY;
    let minSamples = Number.POSITIVE_INFINITY;
    for (let f = 0; f < nSplits; f++) {
      for (let c = 0; c < nClasses; c++) perFold[f][c] += counts[c];
      let evalSum = 0;
      for (let c = 0; c < nClasses; c++) evalSum += std(perFold.map((fold) => fold[c] / yCount[c]));
      for (let c = 0; c < nClasses; c++) perFold[f][c] -= counts[c];
      const foldEval = evalSum / nClasses;
      const samples = perFold[f].reduce((s, v) => s + v, 0);
      // np.isclose defaults (rtol 1e-5, atol 1e-8), as scikit-learn compares the candidates.
      const close = Math.abs(foldEval - minEval) <= 1e-8 + 1e-5 * Math.abs(minEval);
      if (foldEval < minEval || (close && samples < minSamples)) {
        minEval = foldEval;
        minSamples = samples;
        bestFold = f;
      }
    }
    for (let c = 0; c < nClasses; c++) perFold[bestFold][c] += counts[c];
    foldOfGroup[g] = bestFold;
  }
  return foldsFrom(
    Int32Array.from(groupOf, (g) => foldOfGroup[g]),
    nSplits,
  );
}
