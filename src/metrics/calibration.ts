import { CtcError } from "../core/errors";
import { binarize, checkPair, checkProbabilities, type Label, resolvePosLabel } from "./labels";
import { percentileSorted, unitEdges } from "./quantile";

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  /** Lower edge. The bin holds probabilities in (lower, upper]; the first bin includes its lower edge. */
  readonly lower: number;
  /** Upper edge. */
  readonly upper: number;
  /** Samples in the bin. */
  readonly count: number;
  /** Mean predicted probability in the bin; NaN when empty. */
  readonly meanPredicted: number;
  /** Fraction of positives in the bin; NaN when empty. */
  readonly fractionPositive: number;
}

/** Reliability diagram data. */
export interface Reliability {
  /** Every bin, empty ones included (count 0), from low to high probability. */
  readonly bins: ReliabilityBin[];
  /** Fraction of positives in each non-empty bin: scikit-learn's `prob_true`. */
  readonly probTrue: Float64Array;
  /** Mean predicted probability in each non-empty bin: scikit-learn's `prob_pred`. */
  readonly probPred: Float64Array;
}

/** Options of {@link reliabilityBins} and {@link expectedCalibrationError}. */
export interface CalibrationOptions {
  /** Number of bins. Default 10 (scikit-learn's `calibration_curve` defaults to 5; pass 5 to match). */
  readonly nBins?: number;
  /** `"uniform"` (default): equal-width bins on [0, 1]; `"quantile"`: equal-count bins. */
  readonly strategy?: "uniform" | "quantile";
  /** The positive class. Default 1 when the classes are {0, 1} or {-1, 1}; required otherwise. */
  readonly posLabel?: Label;
}

/**
 * Reliability bins: predicted probability against observed frequency, bin edges and bin membership as
 * scikit-learn 1.2's `calibration_curve` (a probability equal to an inner edge goes to the lower bin;
 * quantile edges are NumPy's linear percentiles).
 *
 * @param yTrue - true labels (at most two classes)
 * @param yProb - predicted probability of the positive class, in [0, 1]
 * @param options - number of bins, strategy, positive label
 * @returns all bins and scikit-learn's `prob_true` / `prob_pred`
 */
export function reliabilityBins(
  yTrue: ArrayLike<Label>,
  yProb: ArrayLike<number>,
  options: CalibrationOptions = {},
): Reliability {
  checkPair(yTrue, yProb, ["yTrue", "yProb"]);
  checkProbabilities(yProb, "yProb");
  const nBins = options.nBins ?? 10;
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new CtcError("INVALID_ARGUMENT", "nBins must be a positive integer", {
      field: "nBins",
      actual: nBins,
    });
  }
  const positive = binarize(yTrue, resolvePosLabel(yTrue, options.posLabel));
  const strategy = options.strategy ?? "uniform";
  let edges = unitEdges(nBins);
  if (strategy === "quantile") {
    const sorted = Float64Array.from(yProb).sort();
    edges = edges.map((q) => percentileSorted(sorted, q * 100));
  } else if (strategy !== "uniform") {
    throw new CtcError("INVALID_ARGUMENT", "unknown strategy", {
      field: "strategy",
      expected: "uniform or quantile",
      actual: strategy,
    });
  }
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const counts = new Float64Array(nBins);
  for (let i = 0; i < yProb.length; i++) {
    // NumPy's searchsorted(edges[1:-1], p, side="left"): the number of inner edges below p.
    let bin = 0;
    while (bin < nBins - 1 && edges[bin + 1] < yProb[i]) bin++;
    sums[bin] += yProb[i];
    trues[bin] += positive[i];
    counts[bin] += 1;
  }
  const bins = Array.from(counts, (count, b) => ({
    lower: edges[b],
    upper: edges[b + 1],
    count,
    meanPredicted: count > 0 ? sums[b] / count : Number.NaN,
    fractionPositive: count > 0 ? trues[b] / count : Number.NaN,
  }));
  const filled = bins.filter((bin) => bin.count > 0);
  return {
    bins,
    probTrue: Float64Array.from(filled, (bin) => bin.fractionPositive),
    probPred: Float64Array.from(filled, (bin) => bin.meanPredicted),
  };
}

/**
 * Expected calibration error: the count-weighted mean gap |fraction of positives - mean predicted
 * probability| over the bins of {@link reliabilityBins}.
 *
 * @param yTrue - true labels (at most two classes)
 * @param yProb - predicted probability of the positive class, in [0, 1]
 * @param options - number of bins, strategy, positive label
 * @returns the ECE in [0, 1]; 0 is perfectly calibrated
 */
export function expectedCalibrationError(
  yTrue: ArrayLike<Label>,
  yProb: ArrayLike<number>,
  options: CalibrationOptions = {},
): number {
  const { bins } = reliabilityBins(yTrue, yProb, options);
  let sum = 0;
  for (const bin of bins) {
    if (bin.count > 0) sum += bin.count * Math.abs(bin.fractionPositive - bin.meanPredicted);
  }
  return sum / yTrue.length;
}
