import { CtcError, type PixelArray } from "../core/index";
import { boxMean } from "./background";
import { assertPlane, type Plane } from "./plane";

/** Counts of values per bin with each bin's centre, ascending. */
export interface Histogram {
  /** Number of values in each bin. */
  readonly counts: Float64Array;
  /** Centre of each bin (for unit bins, the integer value itself). */
  readonly centers: Float64Array;
}

/** Options for {@link histogram}. */
export interface HistogramOptions {
  /**
   * `"integer"`: one bin per integer from min to max, as scikit-image does for integer images.
   * A number: that many equal bins over [min, max], with NumPy's `np.histogram` edge rules (float64).
   * Default: `"integer"` for integer typed arrays, 256 otherwise.
   */
  readonly bins?: "integer" | number;
  /** Fixed [low, high] range instead of the data's own; values outside are not counted. */
  readonly range?: readonly [number, number];
}

function isIntegerArray(values: PixelArray): boolean {
  return !(values instanceof Float32Array || values instanceof Float64Array);
}

function extent(values: ArrayLike<number>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Histogram of pixel values. Histograms made with the same fixed range and bins add up bin by bin, which
 * is how a tiled field gets the same threshold as the whole image.
 *
 * @param values - pixel values (NaN is not allowed)
 * @param options - binning and range
 * @returns counts and bin centres
 * @throws {@link CtcError} `INVALID_ARGUMENT` for empty input or a bad bin count
 */
export function histogram(values: PixelArray, options: HistogramOptions = {}): Histogram {
  const bins = options.bins ?? (isIntegerArray(values) ? "integer" : 256);
  const [lo, hi] = options.range ?? extent(values);
  if (!(lo <= hi)) {
    throw new CtcError("INVALID_ARGUMENT", "cannot histogram an empty range", {
      field: "values",
      actual: [lo, hi],
    });
  }
  if (bins === "integer") {
    const first = Math.floor(lo);
    const n = Math.floor(hi) - first + 1;
    const counts = new Float64Array(n);
    const centers = new Float64Array(n);
    for (let i = 0; i < n; i++) centers[i] = first + i;
    for (let i = 0; i < values.length; i++) {
      const k = Math.floor(values[i]) - first;
      if (k >= 0 && k < n) counts[k]++;
    }
    return { counts, centers };
  }
  if (!Number.isInteger(bins) || bins < 1) {
    throw new CtcError("INVALID_ARGUMENT", "bin count must be a positive integer", {
      field: "bins",
      actual: bins,
    });
  }
  // np.histogram widens a degenerate range by half a unit each side.
  const first = lo === hi ? lo - 0.5 : lo;
  const last = lo === hi ? hi + 0.5 : hi;
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  const norm = bins / (last - first);
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= first && v <= last)) continue;
    // NumPy's index rule: a scaled guess, then a correction against the exact edges.
    let k = Math.trunc((v - first) * norm);
    if (k === bins) k--;
    if (v < edges[k]) k--;
    if (v >= edges[k + 1] && k !== bins - 1) k++;
    counts[k]++;
  }
  const centers = new Float64Array(bins);
  for (let i = 0; i < bins; i++) centers[i] = (edges[i] + edges[i + 1]) / 2;
  return { counts, centers };
}

/**
 * Otsu's threshold from a histogram, with scikit-image's `threshold_otsu` formula: the bin centre that
 * maximises the between-class variance; values strictly above it are foreground.
 *
 * @param hist - a histogram (bins with zero count are allowed)
 * @returns the threshold
 * @throws {@link CtcError} `INVALID_ARGUMENT` when the histogram is empty
 */
export function otsuFromHistogram(hist: Histogram): number {
  const { counts, centers } = hist;
  const n = counts.length;
  if (n === 0) {
    throw new CtcError("INVALID_ARGUMENT", "histogram has no bins", { field: "hist" });
  }
  // Trim empty end bins: scikit-image's integer histograms span exactly [min, max].
  let a = 0;
  let b = n - 1;
  while (a < b && counts[a] === 0) a++;
  while (b > a && counts[b] === 0) b--;
  if (a === b) return centers[a];
  const m = b - a + 1;
  const weight1 = new Float64Array(m);
  const mean1 = new Float64Array(m);
  let w = 0;
  let s = 0;
  for (let i = 0; i < m; i++) {
    w += counts[a + i];
    s += counts[a + i] * centers[a + i];
    weight1[i] = w;
    mean1[i] = s / w;
  }
  const weight2 = new Float64Array(m);
  const mean2 = new Float64Array(m);
  w = 0;
  s = 0;
  for (let i = m - 1; i >= 0; i--) {
    w += counts[a + i];
    s += counts[a + i] * centers[a + i];
    weight2[i] = w;
    mean2[i] = s / w;
  }
  let best = 0;
  let bestVariance = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m - 1; i++) {
    const d = mean1[i] - mean2[i + 1];
    const variance = weight1[i] * weight2[i + 1] * d * d;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = i;
    }
  }
  return centers[a + best];
}

/**
 * Otsu's threshold of pixel values (scikit-image's `threshold_otsu`: unit bins for integer arrays, 256
 * bins for floats).
 *
 * @param values - pixel values
 * @param options - binning, see {@link HistogramOptions}
 * @returns the threshold; foreground is `value > threshold`
 */
export function otsuThreshold(values: PixelArray, options: HistogramOptions = {}): number {
  return otsuFromHistogram(histogram(values, options));
}

/**
 * A quantile read from a histogram (the centre of the bin where the cumulative count reaches it).
 *
 * @param hist - a histogram
 * @param q - quantile in [0, 1]
 * @returns the bin centre
 */
export function histogramQuantile(hist: Histogram, q: number): number {
  let total = 0;
  for (const c of hist.counts) total += c;
  const target = q * total;
  let cumulative = 0;
  for (let i = 0; i < hist.counts.length; i++) {
    cumulative += hist.counts[i];
    if (cumulative >= target && cumulative > 0) return hist.centers[i];
  }
  return hist.centers[hist.centers.length - 1];
}

/**
 * Robust noise level of a mostly-background image: 1.4826 x the median absolute deviation from the
 * median, read from its histogram (so tiles can share one estimate). Used to scale the local threshold.
 *
 * @param hist - a histogram of the (background-subtracted) image
 * @returns the noise standard deviation estimate
 */
export function noiseSigma(hist: Histogram): number {
  const median = histogramQuantile(hist, 0.5);
  // Fold the histogram around the median: each bin moves to its distance from the median.
  const order = Array.from(hist.centers, (_, i) => i).sort(
    (i, j) => Math.abs(hist.centers[i] - median) - Math.abs(hist.centers[j] - median),
  );
  let total = 0;
  for (const c of hist.counts) total += c;
  let cumulative = 0;
  for (const i of order) {
    cumulative += hist.counts[i];
    if (cumulative >= total / 2) return 1.4826 * Math.abs(hist.centers[i] - median);
  }
  return 0;
}

/** Options for {@link localThreshold}. */
export interface LocalThresholdOptions {
  /** Half-width of the averaging window in pixels; about a nucleus diameter. */
  readonly radiusPx: number;
  /** Absolute margin added to the local mean (e.g. k x the noise sigma). */
  readonly offset: number;
}

/**
 * Adaptive threshold: a pixel is foreground when it exceeds the mean of its window plus an offset, so a
 * dim nucleus next to bright ones is still found where one global level would miss it.
 *
 * @param plane - one (background-subtracted) channel
 * @param options - window radius and offset
 * @returns a 0/1 mask
 */
export function localThreshold(plane: Plane, options: LocalThresholdOptions): Uint8Array {
  assertPlane(plane);
  const mean = boxMean(plane, options.radiusPx);
  const mask = new Uint8Array(mean.length);
  for (let i = 0; i < mask.length; i++) mask[i] = plane.data[i] > mean[i] + options.offset ? 1 : 0;
  return mask;
}

/**
 * A 0/1 mask of the values strictly above a level.
 *
 * @param plane - one channel
 * @param level - the threshold
 * @returns the mask
 */
export function thresholdMask(plane: Plane, level: number): Uint8Array {
  assertPlane(plane);
  const mask = new Uint8Array(plane.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = plane.data[i] > level ? 1 : 0;
  return mask;
}
