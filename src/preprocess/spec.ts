/**
 * The JSON-serializable preprocessing spec: an ordered list of steps that travels inside model bundles,
 * so training and inference run exactly the same preprocessing.
 *
 * Step names and semantics follow the BioImage Model Zoo (bioimage.io) preprocessing ops where one
 * exists (`scale_range`, `zero_mean_unit_variance`, `fixed_zero_mean_unit_variance`, `scale_linear`,
 * `clip`); the geometry steps are this library's own.
 */

/** Whether statistics come from the image itself or from a whole dataset (see {@link DatasetStatistics}). */
export type StatisticsMode = "per_sample" | "per_dataset";

/** Percentile scaling: `(x - p_lo) / (p_hi - p_lo + eps)` per channel, percentiles as NumPy's 'linear'. */
export interface ScaleRangeStep {
  /** Step name. */
  readonly op: "scale_range";
  /** Where the percentiles come from. */
  readonly mode: StatisticsMode;
  /** Lower percentile in [0, 100). */
  readonly min_percentile: number;
  /** Upper percentile in (0, 100]. */
  readonly max_percentile: number;
  /** Added to the denominator; default 1e-6 (bioimage.io's default). */
  readonly eps?: number;
}

/** Standardization: `(x - mean) / (std + eps)` per channel, population std (ddof 0). */
export interface ZeroMeanUnitVarianceStep {
  /** Step name. */
  readonly op: "zero_mean_unit_variance";
  /** Where mean and std come from. */
  readonly mode: StatisticsMode;
  /** Added to the std; default 1e-6. */
  readonly eps?: number;
}

/** Standardization by fixed per-channel values: `(x - mean[c]) / (std[c] + eps)`. */
export interface FixedZeroMeanUnitVarianceStep {
  /** Step name. */
  readonly op: "fixed_zero_mean_unit_variance";
  /** One mean per channel (or one for all). */
  readonly mean: number | readonly number[];
  /** One std per channel (or one for all). */
  readonly std: number | readonly number[];
  /** Added to the std; default 1e-6. */
  readonly eps?: number;
}

/** Affine intensity map: `x * gain[c] + offset[c]`. */
export interface ScaleLinearStep {
  /** Step name. */
  readonly op: "scale_linear";
  /** One gain per channel (or one for all); default 1. */
  readonly gain?: number | readonly number[];
  /** One offset per channel (or one for all); default 0. */
  readonly offset?: number | readonly number[];
}

/** Clamp values to `[min, max]`. */
export interface ClipStep {
  /** Step name. */
  readonly op: "clip";
  /** Lower bound. */
  readonly min: number;
  /** Upper bound. */
  readonly max: number;
}

/** Divide by the largest value of a bit depth (`2^bits - 1`), mapping e.g. 12-bit data into [0, 1]. */
export interface ScaleBitDepthStep {
  /** Step name. */
  readonly op: "scale_bit_depth";
  /** Bit depth of the data, 1 to 32. */
  readonly bits: number;
}

/** Interpolation used by {@link ResizeStep}. */
export type ResizeMode = "nearest" | "bilinear" | "area";

/** Resize to a fixed size; bilinear equals PyTorch `F.interpolate(mode='bilinear', align_corners=False)`. */
export interface ResizeStep {
  /** Step name. */
  readonly op: "resize";
  /** Output height. */
  readonly height: number;
  /** Output width. */
  readonly width: number;
  /** Interpolation; `area` averages (antialiased downscaling, PyTorch `mode='area'`). */
  readonly mode: ResizeMode;
}

/** Cut the central `height x width` window (the image must be at least that large). */
export interface CenterCropStep {
  /** Step name. */
  readonly op: "center_crop";
  /** Output height. */
  readonly height: number;
  /** Output width. */
  readonly width: number;
}

/** Border handling for padding and out-of-image crops, as NumPy's `np.pad` modes. */
export type PadMode = "constant" | "edge" | "reflect";

/** Pad symmetrically to at least `height x width` (smaller images grow, larger ones are unchanged). */
export interface PadStep {
  /** Step name. */
  readonly op: "pad";
  /** Minimum output height. */
  readonly height: number;
  /** Minimum output width. */
  readonly width: number;
  /** Border mode. */
  readonly mode: PadMode;
  /** Fill value for `constant`; default 0. */
  readonly value?: number;
}

/** One preprocessing step. */
export type PreprocessStep =
  | ScaleRangeStep
  | ZeroMeanUnitVarianceStep
  | FixedZeroMeanUnitVarianceStep
  | ScaleLinearStep
  | ClipStep
  | ScaleBitDepthStep
  | ResizeStep
  | CenterCropStep
  | PadStep;

/** Per-channel statistics of a whole dataset, accumulated in one streaming pass and stored as JSON. */
export interface ChannelStatistics {
  /** Number of pixels seen. */
  readonly count: number;
  /** Mean pixel value. */
  readonly mean: number;
  /** Population standard deviation (ddof 0). */
  readonly std: number;
  /** Smallest value. */
  readonly min: number;
  /** Largest value. */
  readonly max: number;
  /** Percentiles, keyed by the percentile as written by `String(p)` (e.g. `"1"`, `"99.8"`). */
  readonly percentiles: Readonly<Record<string, number>>;
}

/** Dataset statistics for `per_dataset` steps, keyed by channel name. */
export interface DatasetStatistics {
  /** Schema version. */
  readonly version: 1;
  /** Number of images accumulated. */
  readonly images: number;
  /** Statistics per channel name. */
  readonly channels: Readonly<Record<string, ChannelStatistics>>;
}

/**
 * A complete preprocessing recipe: which channels, in which order, then the steps. `per_dataset` steps
 * read their values from `statistics`.
 */
export interface PreprocessSpec {
  /** Schema version. */
  readonly version: 1;
  /** Input channel names, in the order the model expects them. */
  readonly channels: readonly string[];
  /** Steps, applied in order. */
  readonly steps: readonly PreprocessStep[];
  /** Dataset statistics, required when any step uses `mode: "per_dataset"`. */
  readonly statistics?: DatasetStatistics;
}
