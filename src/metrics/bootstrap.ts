import { CtcError } from "../core/errors";
import { randomBelow } from "../random/distributions";
import { createRng, type Rng } from "../random/rng";
import { checkPair, type Label } from "./labels";
import { normalCdf, normalQuantile } from "./normal";
import { percentileSorted } from "./quantile";

/** A metric of labels and predictions (labels, scores, or probability rows). */
export type Metric<P> = (yTrue: Label[], yPred: P[]) => number;

/** A bootstrap confidence interval. */
export interface BootstrapInterval {
  /** The metric on the original data. */
  readonly estimate: number;
  /** Lower bound; NaN when the method cannot give one. */
  readonly lower: number;
  /** Upper bound; NaN when the method cannot give one. */
  readonly upper: number;
  /** Confidence level, e.g. 0.95. */
  readonly confidence: number;
  /** How the bounds were computed. */
  readonly method: "percentile" | "bca";
  /** Resamples whose metric was finite, and so used. */
  readonly nResamples: number;
  /** Resamples left out because the metric was NaN or infinite on them. */
  readonly discarded: number;
  /** Standard deviation of the resampled metric (bootstrap standard error, ddof 1). */
  readonly standardError: number;
}

/** Options of the bootstrap functions. */
export interface BootstrapOptions {
  /** Number of resamples. Default 2000. */
  readonly nResamples?: number;
  /** Confidence level in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /** `"bca"` (default, as SciPy): bias-corrected and accelerated; `"percentile"`: plain percentiles. */
  readonly method?: "percentile" | "bca";
  /** Seed of the resampling, a non-negative safe integer (hashed into pure-rand xoroshiro128+). Default 0. */
  readonly seed?: number;
  /**
   * Resample within each class of `yTrue`, keeping class counts fixed. Use it for metrics that need
   * both classes (ROC AUC) or with rare positives. Default false.
   */
  readonly stratify?: boolean;
}

/**
 * Percentile interval of bootstrap replicates, as SciPy's `bootstrap(method="percentile")`: NumPy
 * linear percentiles at (1 - confidence) / 2 and (1 + confidence) / 2.
 *
 * @param replicates - the metric on each resample
 * @param confidence - confidence level in (0, 1)
 * @returns the lower and upper bounds
 */
export function percentileInterval(replicates: ArrayLike<number>, confidence: number): [number, number] {
  checkConfidence(confidence);
  const sorted = Float64Array.from(replicates).sort();
  const alpha = (1 - confidence) / 2;
  return [percentileSorted(sorted, alpha * 100), percentileSorted(sorted, (1 - alpha) * 100)];
}

/**
 * Bias-corrected and accelerated (BCa) interval, as SciPy 1.10's `_bca_interval` (Efron and Tibshirani,
 * eq. 14.10 and 15.36). The bias correction z0 counts ties with the estimate as half below, half above,
 * which matters for discrete metrics such as accuracy. The acceleration comes from the jackknife; when
 * every jackknife value is equal it is taken as 0 (SciPy returns NaN there), so that, for example, a
 * perfect classifier gets the interval [1, 1]. When every replicate lies on one side of the estimate the
 * bounds are NaN, as in SciPy.
 *
 * @param replicates - the metric on each resample
 * @param estimate - the metric on the original data
 * @param jackknife - the metric with each sample left out in turn
 * @param confidence - confidence level in (0, 1)
 * @returns the lower and upper bounds
 */
export function bcaInterval(
  replicates: ArrayLike<number>,
  estimate: number,
  jackknife: ArrayLike<number>,
  confidence: number,
): [number, number] {
  checkConfidence(confidence);
  const sorted = Float64Array.from(replicates).sort();
  const b = sorted.length;
  let below = 0;
  let belowOrEqual = 0;
  for (const v of sorted) {
    if (v < estimate) below++;
    if (v <= estimate) belowOrEqual++;
  }
  const z0 = normalQuantile((below + belowOrEqual) / (2 * b));
  const n = jackknife.length;
  let jackMean = 0;
  for (let i = 0; i < n; i++) jackMean += jackknife[i];
  jackMean /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const u = (n - 1) * (jackMean - jackknife[i]);
    num += u ** 3;
    den += u ** 2;
  }
  const a = den === 0 ? 0 : ((1 / 6) * (num / n ** 3)) / (den / n ** 2) ** 1.5;
  const zAlpha = normalQuantile((1 - confidence) / 2);
  const bound = (z: number): number => {
    const alpha = normalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)));
    return Number.isFinite(z0) && Number.isFinite(alpha) ? percentileSorted(sorted, alpha * 100) : Number.NaN;
  };
  return [bound(zAlpha), bound(-zAlpha)];
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new CtcError("INVALID_ARGUMENT", "confidence must lie in (0, 1)", {
      field: "confidence",
      actual: confidence,
    });
  }
}

/** Sample positions by stratum: one stratum (everything) or one per class of yTrue. */
function strata(yTrue: ArrayLike<Label>, stratify: boolean): number[][] {
  if (!stratify) return [Array.from({ length: yTrue.length }, (_, i) => i)];
  const byClass = new Map<Label, number[]>();
  for (let i = 0; i < yTrue.length; i++) {
    const list = byClass.get(yTrue[i]);
    if (list) list.push(i);
    else byClass.set(yTrue[i], [i]);
  }
  return [...byClass.values()];
}

function resample(rng: Rng, groups: number[][], n: number): Int32Array {
  const out = new Int32Array(n);
  let k = 0;
  for (const group of groups)
    for (let j = 0; j < group.length; j++) out[k++] = group[randomBelow(rng, group.length)];
  return out;
}

interface Settings {
  readonly nResamples: number;
  readonly confidence: number;
  readonly method: "percentile" | "bca";
  readonly seed: number;
  readonly stratify: boolean;
}

function settings(options: BootstrapOptions): Settings {
  const nResamples = options.nResamples ?? 2000;
  if (!Number.isInteger(nResamples) || nResamples < 2) {
    throw new CtcError("INVALID_ARGUMENT", "nResamples must be an integer >= 2", {
      field: "nResamples",
      actual: nResamples,
    });
  }
  const method = options.method ?? "bca";
  if (method !== "bca" && method !== "percentile") {
    throw new CtcError("INVALID_ARGUMENT", "unknown method", {
      field: "method",
      expected: "bca or percentile",
      actual: method,
    });
  }
  const confidence = options.confidence ?? 0.95;
  checkConfidence(confidence);
  return { nResamples, confidence, method, seed: options.seed ?? 0, stratify: options.stratify ?? false };
}

/**
 * The core: `statistic` of a sample-index array, evaluated on the data, on resamples and (for BCa) on
 * leave-one-out samples.
 */
function interval(
  yTrue: ArrayLike<Label>,
  statistic: (indices: Int32Array) => number,
  s: Settings,
): BootstrapInterval {
  const n = yTrue.length;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const estimate = statistic(all);
  if (!Number.isFinite(estimate)) {
    throw new CtcError("NON_FINITE", "the metric is not finite on the full data", {
      field: "metric",
      actual: estimate,
    });
  }
  const rng = createRng(s.seed);
  const groups = strata(yTrue, s.stratify);
  const replicates: number[] = [];
  for (let b = 0; b < s.nResamples; b++) {
    const value = statistic(resample(rng, groups, n));
    if (Number.isFinite(value)) replicates.push(value);
  }
  const discarded = s.nResamples - replicates.length;
  if (replicates.length < 2) {
    throw new CtcError("INVALID_ARGUMENT", "the metric was not finite on the resamples", {
      field: "metric",
      expected: "finite values on at least 2 resamples",
      actual: replicates.length,
    });
  }
  let bounds: [number, number];
  if (s.method === "percentile") {
    bounds = percentileInterval(replicates, s.confidence);
  } else {
    const jackknife = new Float64Array(n);
    const left = new Int32Array(n - 1);
    for (let i = 0; i < n; i++) {
      left.set(all.subarray(0, i), 0);
      left.set(all.subarray(i + 1), i);
      jackknife[i] = statistic(left);
    }
    bounds = bcaInterval(replicates, estimate, jackknife, s.confidence);
  }
  const mean = replicates.reduce((acc, v) => acc + v, 0) / replicates.length;
  const variance = replicates.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (replicates.length - 1);
  return {
    estimate,
    lower: bounds[0],
    upper: bounds[1],
    confidence: s.confidence,
    method: s.method,
    nResamples: replicates.length,
    discarded,
    standardError: Math.sqrt(variance),
  };
}

function pick<T>(values: ArrayLike<T>, indices: Int32Array): T[] {
  return Array.from(indices, (i) => values[i]);
}

/**
 * Bootstrap confidence interval of any metric: cells are resampled with replacement, seeded. BCa also
 * evaluates the metric once per cell left out (jackknife), so its cost grows with the square of the
 * number of cells; use `"percentile"` for very large sets. Resamples on which the metric is not finite
 * are left out and counted in `discarded`.
 *
 * @param yTrue - true labels
 * @param yPred - predictions of any kind (labels, scores, probability rows), one per cell
 * @param metric - e.g. `(t, p) => f1Score(t, p)` or `rocAucScore`
 * @param options - resamples, confidence, method, seed, stratification
 * @returns the estimate and its interval
 */
export function bootstrapCi<P>(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<P>,
  metric: Metric<P>,
  options: BootstrapOptions = {},
): BootstrapInterval {
  checkPair(yTrue, yPred, ["yTrue", "yPred"]);
  return interval(yTrue, (idx) => metric(pick(yTrue, idx), pick(yPred, idx)), settings(options));
}

/** Result of {@link pairedBootstrap}. */
export interface PairedComparison {
  /** The metric of classifier A on all cells. */
  readonly estimateA: number;
  /** The metric of classifier B on all cells. */
  readonly estimateB: number;
  /** metric(A) - metric(B), with its interval; an interval excluding 0 means a difference at that level. */
  readonly difference: BootstrapInterval;
}

/**
 * Paired bootstrap comparison of two classifiers on the same cells: each resample draws the same cells
 * for both, so the interval of the difference accounts for their correlation.
 *
 * @param yTrue - true labels
 * @param predA - predictions of classifier A
 * @param predB - predictions of classifier B, same cells in the same order
 * @param metric - the metric to compare
 * @param options - resamples, confidence, method, seed, stratification
 * @returns both estimates and the interval of their difference
 */
export function pairedBootstrap<P>(
  yTrue: ArrayLike<Label>,
  predA: ArrayLike<P>,
  predB: ArrayLike<P>,
  metric: Metric<P>,
  options: BootstrapOptions = {},
): PairedComparison {
  checkPair(yTrue, predA, ["yTrue", "predA"]);
  checkPair(yTrue, predB, ["yTrue", "predB"]);
  const difference = interval(
    yTrue,
    (idx) => {
      const t = pick(yTrue, idx);
      return metric(t, pick(predA, idx)) - metric(t, pick(predB, idx));
    },
    settings(options),
  );
  return {
    estimateA: metric(Array.from(yTrue), Array.from(predA)),
    estimateB: metric(Array.from(yTrue), Array.from(predB)),
    difference,
  };
}
