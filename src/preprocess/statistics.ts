import { dtypeOf, type PixelArray, type PixelDType } from "../core/dtype";
import { CtcError } from "../core/errors";
import { assertFinite } from "../core/finite";
import { type ChannelStack, channelPixels } from "../core/stack";
import { checkPercentiles, histogramOffset, linearPercentile } from "./percentile";
import type { ChannelStatistics, DatasetStatistics } from "./spec";

/** Count, mean, sum of squared deviations and range of some values, all in float64. */
export interface Moments {
  /** Number of values. */
  count: number;
  /** Mean. */
  mean: number;
  /** Sum of squared deviations from the mean (`variance = m2 / count`). */
  m2: number;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
}

/**
 * Moments of some values by two passes (mean first, then squared deviations), which stays accurate where
 * the one-pass sum-of-squares formula cancels catastrophically.
 *
 * @param values - finite values, at least one
 * @returns count, mean, m2, min and max
 */
export function moments(values: PixelArray): Moments {
  const n = values.length;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    m2 += d * d;
  }
  return { count: n, mean, m2, min, max };
}

/** Chan et al.'s pairwise update: `into` becomes the moments of both sets of values. */
function combineMoments(into: Moments, from: Moments): void {
  if (from.count === 0) return;
  const count = into.count + from.count;
  const delta = from.mean - into.mean;
  into.mean += delta * (from.count / count);
  into.m2 += from.m2 + delta * delta * ((into.count * from.count) / count);
  into.count = count;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
}

/** A fixed-range histogram for float (and 32-bit integer) data, which has no exact histogram. */
export interface FloatRange {
  /** Lower edge of the first bin. */
  readonly min: number;
  /** Upper edge of the last bin. */
  readonly max: number;
  /** Number of bins; default 65,536. */
  readonly bins?: number;
}

/** Options for {@link createStatisticsAccumulator}. */
export interface StatisticsAccumulatorOptions {
  /**
   * Value range of float or 32-bit integer data. Needed for their percentiles, which are then
   * approximate (error at most one bin width, `(max - min) / bins`); values outside the range count in
   * the edge bins. 8- and 16-bit integer data always gets an exact histogram and ignores this.
   */
  readonly floatRange?: FloatRange;
}

/** Running statistics of one channel. */
export interface ChannelAccumulator extends Moments {
  /** Pixel counts per bin, when the channel is histogrammed. */
  histogram?: Float64Array;
}

/**
 * Dataset statistics being accumulated: plain data (numbers and typed arrays), so a worker can post it
 * to another thread, where {@link mergeStatistics} combines it with others.
 */
export interface StatisticsAccumulator {
  /** Schema version. */
  readonly version: 1;
  /** Pixel type of the data seen, fixed by the first image. */
  dtype?: PixelDType;
  /** Number of images accumulated. */
  images: number;
  /** Range histogram settings for float data, as given. */
  readonly floatRange?: Required<FloatRange>;
  /** Running statistics per channel name. */
  readonly channels: Record<string, ChannelAccumulator>;
}

/**
 * Start accumulating dataset statistics. Images are then added one at a time with
 * {@link accumulateStatistics} (none is kept), accumulators from parallel workers are combined with
 * {@link mergeStatistics}, and {@link finalizeStatistics} gives the JSON stored in a preprocessing spec.
 *
 * @param options - the value range for float data's histogram
 * @returns an empty accumulator
 * @throws {@link CtcError} `INVALID_ARGUMENT` for a bad float range
 * @example
 * ```ts
 * const acc = createStatisticsAccumulator();
 * for (const stack of stacks) accumulateStatistics(acc, stack);
 * const statistics = finalizeStatistics(acc, { percentiles: [1, 99.8] });
 * ```
 */
// @__NO_SIDE_EFFECTS__
export function createStatisticsAccumulator(
  options: StatisticsAccumulatorOptions = {},
): StatisticsAccumulator {
  const { floatRange } = options;
  if (floatRange === undefined) return { version: 1, images: 0, channels: {} };
  const bins = floatRange.bins ?? 65536;
  if (
    !(Number.isFinite(floatRange.min) && Number.isFinite(floatRange.max) && floatRange.min < floatRange.max)
  ) {
    throw new CtcError("INVALID_ARGUMENT", "float range needs finite min < max", {
      field: "floatRange",
      actual: floatRange,
    });
  }
  if (!(Number.isInteger(bins) && bins >= 1 && bins <= 2 ** 24)) {
    throw new CtcError("INVALID_ARGUMENT", "float range bins must be an integer in [1, 2^24]", {
      field: "floatRange.bins",
      actual: bins,
    });
  }
  return {
    version: 1,
    images: 0,
    channels: {},
    floatRange: { min: floatRange.min, max: floatRange.max, bins },
  };
}

function histogramBins(acc: StatisticsAccumulator): number | undefined {
  if (acc.dtype === "uint8" || acc.dtype === "int8") return 256;
  if (acc.dtype === "uint16" || acc.dtype === "int16") return 65536;
  return acc.floatRange?.bins;
}

function countInto(histogram: Float64Array, values: PixelArray, acc: StatisticsAccumulator): void {
  const n = values.length;
  const offset = histogramOffset(values);
  if (offset !== undefined) {
    for (let i = 0; i < n; i++) histogram[values[i] + offset]++;
    return;
  }
  const { min, max, bins } = acc.floatRange!;
  const perUnit = bins / (max - min);
  const last = bins - 1;
  for (let i = 0; i < n; i++) {
    const bin = Math.floor((values[i] - min) * perUnit);
    histogram[Math.min(last, Math.max(0, bin))]++;
  }
}

/**
 * Add one image to the statistics (mutating the accumulator). Channels are matched by name, so images
 * may list them in any order; a channel missing from some images simply has a smaller count.
 *
 * @param acc - the accumulator
 * @param stack - one image; it is read, not kept
 * @throws {@link CtcError} `UNSUPPORTED_DTYPE` when its dtype differs from earlier images,
 * `NON_FINITE` for NaN or infinity, `INVALID_ARGUMENT` for an empty image
 */
export function accumulateStatistics(acc: StatisticsAccumulator, stack: ChannelStack): void {
  const dtype = dtypeOf(stack.data);
  if (acc.dtype !== undefined && acc.dtype !== dtype) {
    throw new CtcError("UNSUPPORTED_DTYPE", "all images of a dataset must share one dtype", {
      field: "data",
      expected: acc.dtype,
      actual: dtype,
    });
  }
  if (stack.height === 0 || stack.width === 0) {
    throw new CtcError("INVALID_ARGUMENT", "cannot accumulate an empty image", {
      field: "height x width",
      expected: "at least 1 x 1",
      actual: `${stack.height} x ${stack.width}`,
    });
  }
  assertFinite(stack);
  acc.dtype = dtype;
  const bins = histogramBins(acc);
  stack.channels.forEach((name, c) => {
    const values = channelPixels(stack, c);
    const own = moments(values);
    let channel = acc.channels[name];
    if (channel === undefined) {
      channel = { ...own, histogram: bins === undefined ? undefined : new Float64Array(bins) };
      acc.channels[name] = channel;
    } else {
      combineMoments(channel, own);
    }
    if (channel.histogram !== undefined) countInto(channel.histogram, values, acc);
  });
  acc.images++;
}

function sameRange(a: StatisticsAccumulator, b: StatisticsAccumulator): boolean {
  const x = a.floatRange;
  const y = b.floatRange;
  return (
    x === y || (x !== undefined && y !== undefined && x.min === y.min && x.max === y.max && x.bins === y.bins)
  );
}

/**
 * Combine two accumulators (e.g. from parallel workers) into a new one; the inputs are not changed.
 *
 * @param a - an accumulator
 * @param b - another accumulator with the same dtype and float range
 * @returns the statistics of both sets of images
 * @throws {@link CtcError} `UNSUPPORTED_DTYPE` when their dtypes differ, `INVALID_ARGUMENT` when their
 * float ranges differ
 */
export function mergeStatistics(a: StatisticsAccumulator, b: StatisticsAccumulator): StatisticsAccumulator {
  if (a.dtype !== undefined && b.dtype !== undefined && a.dtype !== b.dtype) {
    throw new CtcError("UNSUPPORTED_DTYPE", "cannot merge statistics of different dtypes", {
      field: "dtype",
      expected: a.dtype,
      actual: b.dtype,
    });
  }
  if (!sameRange(a, b)) {
    throw new CtcError("INVALID_ARGUMENT", "cannot merge statistics with different float ranges", {
      field: "floatRange",
      expected: a.floatRange,
      actual: b.floatRange,
    });
  }
  const channels: Record<string, ChannelAccumulator> = {};
  for (const source of [a, b]) {
    for (const [name, from] of Object.entries(source.channels)) {
      const into = channels[name];
      if (into === undefined) {
        channels[name] = { ...from, histogram: from.histogram?.slice() };
        continue;
      }
      combineMoments(into, from);
      if (into.histogram !== undefined && from.histogram !== undefined) {
        for (let i = 0; i < into.histogram.length; i++) into.histogram[i] += from.histogram[i];
      }
    }
  }
  return {
    version: 1,
    dtype: a.dtype ?? b.dtype,
    images: a.images + b.images,
    channels,
    ...(a.floatRange && { floatRange: a.floatRange }),
  };
}

/** The value of each rank in a histogram: exact for integer bins, spread evenly inside float bins. */
function rankReader(
  channel: ChannelAccumulator,
  histogram: Float64Array,
  acc: StatisticsAccumulator,
): (rank: number) => number {
  const exact = isExact(acc);
  const offset = acc.dtype === "int8" ? 128 : acc.dtype === "int16" ? 32768 : 0;
  return (rank) => {
    let seen = 0;
    let bin = 0;
    while (seen + histogram[bin] <= rank) seen += histogram[bin++];
    if (exact) return bin - offset;
    if (rank === 0) return channel.min;
    if (rank === channel.count - 1) return channel.max;
    const { min, max, bins } = acc.floatRange!;
    const width = (max - min) / bins;
    const value = min + width * (bin + (rank - seen + 0.5) / histogram[bin]);
    return Math.min(channel.max, Math.max(channel.min, value));
  };
}

function isExact(acc: StatisticsAccumulator): boolean {
  return acc.dtype === "uint8" || acc.dtype === "int8" || acc.dtype === "uint16" || acc.dtype === "int16";
}

/** Options for {@link finalizeStatistics}. */
export interface FinalizeStatisticsOptions {
  /** Percentiles to compute per channel, in [0, 100] (e.g. `[1, 99.8]`); default none. */
  readonly percentiles?: readonly number[];
}

/**
 * The dataset statistics as JSON for a {@link PreprocessSpec}'s `statistics`. Mean and population std
 * equal NumPy's on all pixels of a channel concatenated (to rounding); percentiles equal `np.percentile`
 * exactly for 8- and 16-bit integer data and approximately (within one bin) for float data.
 *
 * @param acc - the accumulator
 * @param options - which percentiles to compute
 * @returns statistics per channel name
 * @throws {@link CtcError} `INVALID_ARGUMENT` for a percentile outside [0, 100], or percentiles of float
 * data accumulated without a `floatRange`
 */
export function finalizeStatistics(
  acc: StatisticsAccumulator,
  options: FinalizeStatisticsOptions = {},
): DatasetStatistics {
  const qs = options.percentiles ?? [];
  checkPercentiles(qs);
  const channels: Record<string, ChannelStatistics> = {};
  for (const [name, channel] of Object.entries(acc.channels)) {
    const { histogram } = channel;
    if (qs.length > 0 && histogram === undefined) {
      throw new CtcError("INVALID_ARGUMENT", `percentiles of ${acc.dtype} data need a floatRange histogram`, {
        channel: name,
        field: "floatRange",
        expected: "createStatisticsAccumulator({ floatRange: { min, max } })",
        actual: undefined,
      });
    }
    const percentileValues: Record<string, number> = {};
    if (histogram !== undefined) {
      const valueAtRank = rankReader(channel, histogram, acc);
      for (const q of qs) percentileValues[String(q)] = linearPercentile(channel.count, q, valueAtRank);
    }
    channels[name] = {
      count: channel.count,
      mean: channel.mean,
      std: Math.sqrt(channel.m2 / channel.count),
      min: channel.min,
      max: channel.max,
      percentiles: percentileValues,
    };
  }
  return { version: 1, images: acc.images, channels };
}
