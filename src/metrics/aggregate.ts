import { CtcError } from "../core/errors";

/** Mean and standard deviation of per-fold results. */
export interface MeanStd {
  /** Arithmetic mean. */
  readonly mean: number;
  /** Standard deviation with `ddof` delta degrees of freedom. */
  readonly std: number;
  /** Number of values (folds). */
  readonly n: number;
  /** Divisor of the variance is n - ddof: 0 population (NumPy, scikit-learn's cv_results_), 1 sample. */
  readonly ddof: 0 | 1;
}

/** Options of {@link meanStd} and {@link summarizeFolds}. */
export interface MeanStdOptions {
  /**
   * Delta degrees of freedom. Default 0, as `np.std` and scikit-learn's `cv_results_["std_test_score"]`;
   * 1 gives the sample standard deviation (pandas, R, `statistics.stdev`).
   */
  readonly ddof?: 0 | 1;
}

/**
 * Mean and standard deviation of per-fold values, with the divisor stated.
 *
 * @param values - one finite value per fold
 * @param options - ddof
 * @returns mean, standard deviation, count and ddof
 * @throws `CtcError` `NON_FINITE` for NaN or infinite values; `INVALID_ARGUMENT` when there are
 *   not more values than ddof
 */
export function meanStd(values: ArrayLike<number>, options: MeanStdOptions = {}): MeanStd {
  const ddof = options.ddof ?? 0;
  if (ddof !== 0 && ddof !== 1) {
    throw new CtcError("INVALID_ARGUMENT", "ddof must be 0 or 1", { field: "ddof", actual: ddof });
  }
  const n = values.length;
  if (n <= ddof) {
    throw new CtcError("INVALID_ARGUMENT", "too few values for this ddof", {
      field: "values",
      expected: `more than ${ddof}`,
      actual: n,
    });
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      throw new CtcError("NON_FINITE", "fold values must be finite", { field: "values", cell: i });
    }
    sum += values[i];
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / (n - ddof)), n, ddof };
}

/** Per-fold results of one metric, summarised; `String(summary)` reads like the paper. */
export interface FoldSummary extends MeanStd {
  /** Metric name, e.g. "F1". */
  readonly name: string;
  /** The per-fold values. */
  readonly values: readonly number[];
  /** "F1 0.777 ± 0.012 (5 folds)". */
  readonly text: string;
  /**
   * @returns {@link FoldSummary.text}
   */
  toString(): string;
}

/** Options of {@link summarizeFolds}. */
export interface SummaryOptions extends MeanStdOptions {
  /** Decimals printed. Default 3. */
  readonly digits?: number;
}

/**
 * Summarise one metric over cross-validation folds, printed like the paper: "F1 0.777 ± 0.012 (5 folds)".
 *
 * @param name - metric name
 * @param values - one value per fold
 * @param options - ddof (default 0) and decimals (default 3)
 * @returns the summary
 */
export function summarizeFolds(
  name: string,
  values: ArrayLike<number>,
  options: SummaryOptions = {},
): FoldSummary {
  const digits = options.digits ?? 3;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new CtcError("INVALID_ARGUMENT", "digits must be an integer in [0, 20]", {
      field: "digits",
      actual: digits,
    });
  }
  const stats = meanStd(values, options);
  const text = `${name} ${stats.mean.toFixed(digits)} ± ${stats.std.toFixed(digits)} (${stats.n} fold${stats.n === 1 ? "" : "s"})`;
  return { ...stats, name, values: Array.from(values), text, toString: () => text };
}
