import type { PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";
import { outputArray } from "../core/output";
import { type ChannelStack, channelPixels } from "../core/stack";
import type { KernelChoice } from "../kernels/instance";
import { affineWasm } from "./affine-wasm";
import { checkNotEmpty, derivedStack } from "./common";
import { percentiles } from "./percentile";
import type {
  ChannelStatistics,
  ClipStep,
  DatasetStatistics,
  FixedZeroMeanUnitVarianceStep,
  ScaleBitDepthStep,
  ScaleLinearStep,
  ScaleRangeStep,
  ZeroMeanUnitVarianceStep,
} from "./spec";
import { moments } from "./statistics";

/** The intensity steps: each maps every pixel of a channel through the same function. */
export type NormalizeStep =
  | ScaleRangeStep
  | ZeroMeanUnitVarianceStep
  | FixedZeroMeanUnitVarianceStep
  | ScaleLinearStep
  | ClipStep
  | ScaleBitDepthStep;

/** Options for {@link normalize}. */
export interface NormalizeOptions {
  /** Dataset statistics, required by steps with `mode: "per_dataset"`. */
  readonly statistics?: DatasetStatistics;
  /** Where to write the C x H x W result (length at least C x H x W); a new array when absent. */
  readonly out?: Float32Array;
  /**
   * Where affine steps run on uint8, uint16 and float32 pixels; default `"auto"` (WebAssembly where the
   * engine compiles it, about 3x faster). Values are identical either way.
   */
  readonly kernels?: KernelChoice;
}

/** Default `eps` of the bioimage.io normalization ops. */
export const DEFAULT_EPS = 1e-6;

/**
 * Per-channel affine map `y = (x - sub) * mul + add`: one shape for every affine step, keeping the
 * subtraction first so that values near the centre do not lose precision to cancellation.
 */
export interface Affine {
  /** Subtracted first. */
  readonly sub: number;
  /** Then multiplied. */
  readonly mul: number;
  /** Then added. */
  readonly add: number;
}

/**
 * The statistics of one channel from dataset statistics.
 *
 * @param statistics - dataset statistics
 * @param name - channel name
 * @returns the channel's statistics
 * @throws {@link CtcError} `INVALID_SPEC` when statistics are absent, `MISSING_CHANNEL` when the channel
 * is not in them
 */
export function datasetChannel(statistics: DatasetStatistics | undefined, name: string): ChannelStatistics {
  if (statistics === undefined) {
    throw new CtcError("INVALID_SPEC", "per_dataset steps need dataset statistics", {
      field: "statistics",
      expected: "DatasetStatistics",
      actual: undefined,
    });
  }
  const channel = Object.hasOwn(statistics.channels, name) ? statistics.channels[name] : undefined;
  if (channel === undefined) {
    throw new CtcError("MISSING_CHANNEL", `channel "${name}" is missing from the dataset statistics`, {
      channel: name,
      field: "statistics.channels",
      expected: name,
      actual: Object.keys(statistics.channels),
    });
  }
  return channel;
}

function datasetPercentile(statistics: DatasetStatistics | undefined, name: string, q: number): number {
  const table = datasetChannel(statistics, name).percentiles;
  const key = String(q);
  if (!Object.hasOwn(table, key)) {
    throw new CtcError(
      "INVALID_SPEC",
      `percentile ${key} of channel "${name}" is missing from the statistics`,
      {
        channel: name,
        field: `statistics.channels.${name}.percentiles`,
        expected: key,
        actual: Object.keys(table),
      },
    );
  }
  return table[key];
}

function perChannel(value: number | readonly number[] | undefined, c: number, fallback: number): number {
  if (value === undefined) return fallback;
  return typeof value === "number" ? value : value[c];
}

function checkLength(value: number | readonly number[] | undefined, field: string, channels: number): void {
  if (typeof value === "object" && value.length !== channels) {
    throw new CtcError("SHAPE_MISMATCH", "need one value per channel, or one for all", {
      field,
      expected: channels,
      actual: value.length,
    });
  }
}

/**
 * The per-channel affine maps of an affine step; per-sample statistics are computed from `stack`.
 * Precision matters more than speed here (a few numbers per channel), so everything is float64.
 *
 * @param stack - the step's input
 * @param step - any intensity step but `clip`
 * @param statistics - dataset statistics for `per_dataset` steps
 * @returns one map per channel
 * @throws {@link CtcError} as {@link normalize}
 */
export function affineMaps(
  stack: ChannelStack,
  step: Exclude<NormalizeStep, ClipStep>,
  statistics?: DatasetStatistics,
): Affine[] {
  const channels = stack.channels.length;
  switch (step.op) {
    case "scale_range": {
      const eps = step.eps ?? DEFAULT_EPS;
      return stack.channels.map((name, c) => {
        const [lo, hi] =
          step.mode === "per_dataset"
            ? [
                datasetPercentile(statistics, name, step.min_percentile),
                datasetPercentile(statistics, name, step.max_percentile),
              ]
            : percentiles(channelPixels(stack, c), [step.min_percentile, step.max_percentile]);
        return { sub: lo, mul: 1 / (hi - lo + eps), add: 0 };
      });
    }
    case "zero_mean_unit_variance": {
      const eps = step.eps ?? DEFAULT_EPS;
      return stack.channels.map((name, c) => {
        if (step.mode === "per_dataset") {
          const { mean, std } = datasetChannel(statistics, name);
          return { sub: mean, mul: 1 / (std + eps), add: 0 };
        }
        const m = moments(channelPixels(stack, c));
        // A flat channel gives exactly 0, not rounding noise of the mean divided by eps.
        if (m.min === m.max) return { sub: m.min, mul: 1 / eps, add: 0 };
        return { sub: m.mean, mul: 1 / (Math.sqrt(m.m2 / m.count) + eps), add: 0 };
      });
    }
    case "fixed_zero_mean_unit_variance": {
      checkLength(step.mean, "mean", channels);
      checkLength(step.std, "std", channels);
      const eps = step.eps ?? DEFAULT_EPS;
      return stack.channels.map((_, c) => ({
        sub: perChannel(step.mean, c, 0),
        mul: 1 / (perChannel(step.std, c, 1) + eps),
        add: 0,
      }));
    }
    case "scale_linear":
      checkLength(step.gain, "gain", channels);
      checkLength(step.offset, "offset", channels);
      return stack.channels.map((_, c) => ({
        sub: 0,
        mul: perChannel(step.gain, c, 1),
        add: perChannel(step.offset, c, 0),
      }));
    case "scale_bit_depth":
      return stack.channels.map(() => ({ sub: 0, mul: 1 / (2 ** step.bits - 1), add: 0 }));
  }
}

/**
 * Run one intensity step (bioimage.io semantics) on every channel; the result is float32, computed in
 * float64 and rounded once.
 *
 * - `scale_range`: `(x - p_lo) / (p_hi - p_lo + eps)`, percentiles as `np.percentile`. A flat channel
 *   (`p_hi == p_lo`) becomes 0 everywhere: eps keeps the division finite.
 * - `zero_mean_unit_variance`: `(x - mean) / (std + eps)`, population std. A flat channel becomes 0.
 * - `fixed_zero_mean_unit_variance`: the same with given means and stds.
 * - `scale_linear`: `x * gain + offset`; `clip`: clamp to `[min, max]`; `scale_bit_depth`: `x / (2^bits - 1)`.
 *
 * Statistics of `per_dataset` steps are looked up by channel name in `options.statistics`
 * (`scale_range` under the key `String(percentile)`, e.g. `"99.8"`).
 *
 * @param stack - input stack, any dtype
 * @param step - the step
 * @param options - dataset statistics and an optional output array
 * @returns a float32 stack with the same channels and size
 * @throws {@link CtcError} `MISSING_CHANNEL` when a channel is absent from the statistics, `INVALID_SPEC`
 * when statistics or a percentile are absent, `SHAPE_MISMATCH` for per-channel lists of the wrong length
 * or a short `out`, `INVALID_ARGUMENT` for an empty image
 * @example
 * ```ts
 * const scaled = normalize(stack, { op: "scale_range", mode: "per_sample", min_percentile: 1, max_percentile: 99.8 });
 * ```
 */
export function normalize(
  stack: ChannelStack,
  step: NormalizeStep,
  options: NormalizeOptions = {},
): ChannelStack<Float32Array> {
  checkNotEmpty(stack);
  const { data, height, width } = stack;
  const out = outputArray(options.out, data.length);
  const plane = height * width;
  if (step.op === "clip") {
    const { min, max } = step;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      out[i] = Math.min(max, Math.max(min, v));
    }
  } else {
    const maps = affineMaps(stack, step, options.statistics);
    if (options.kernels === "js" || !affineWasm(data, plane, maps, out)) affineJs(data, plane, maps, out);
  }
  return derivedStack(stack, out, height, width, stack.pixelSizeUm);
}

/** The JavaScript twin of {@link affineWasm}: every channel plane through its map, in doubles. */
function affineJs(data: PixelArray, plane: number, maps: readonly Affine[], out: Float32Array): void {
  maps.forEach(({ sub, mul, add }, c) => {
    const end = (c + 1) * plane;
    for (let i = c * plane; i < end; i++) out[i] = (data[i] - sub) * mul + add;
  });
}
