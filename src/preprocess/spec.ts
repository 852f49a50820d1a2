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

/**
 * Percentile scaling: `(x - p_lo) / (p_hi - p_lo + eps)` per channel, percentiles as NumPy's 'linear'
 * (exact). No clipping: values beyond the percentiles map below 0 or above 1 (add a `clip` step). A
 * flat channel (`p_hi == p_lo`) becomes 0 everywhere, since eps keeps the denominator positive.
 * `per_dataset` reads `statistics.channels[name].percentiles[String(p)]`.
 */
export interface ScaleRangeStep {
  /** Step name. */
  readonly op: "scale_range";
  /** Where the percentiles come from. */
  readonly mode: StatisticsMode;
  /** Lower percentile in [0, 100). */
  readonly min_percentile: number;
  /** Upper percentile in (0, 100]. */
  readonly max_percentile: number;
  /** Added to the denominator, in (0, 0.1]; default 1e-6 (bioimage.io's default and bounds). */
  readonly eps?: number;
}

/**
 * Standardization: `(x - mean) / (std + eps)` per channel, population std (ddof 0), computed in float64.
 * A flat channel becomes exactly 0. `per_dataset` reads `statistics.channels[name].mean` and `.std`.
 */
export interface ZeroMeanUnitVarianceStep {
  /** Step name. */
  readonly op: "zero_mean_unit_variance";
  /** Where mean and std come from. */
  readonly mode: StatisticsMode;
  /** Added to the std, in (0, 0.1]; default 1e-6. */
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
  /** Added to the std, in (0, 0.1]; default 1e-6. */
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

/**
 * Resize to a fixed size, equal to PyTorch's `F.interpolate` on float32 (`nearest`; `bilinear` with
 * `align_corners=False`; `area`, i.e. adaptive average pooling). Non-square sizes are fine.
 */
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

/**
 * Cut the central `height x width` window (the image must be at least that large, else
 * `SHAPE_MISMATCH`); an odd surplus row or column is dropped at the bottom or right.
 */
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

/**
 * Pad symmetrically to at least `height x width` (smaller images grow, larger ones are unchanged); an odd
 * extra row or column goes at the bottom or right, mirroring `center_crop`.
 */
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
 *
 * Running it (`preprocess`, `createPreprocessor`) picks the channels by name (`MISSING_CHANNEL` lists
 * those present), rejects NaN and infinities (`NON_FINITE`, naming the channel) and zero-size images
 * (`INVALID_ARGUMENT`), and returns float32. Reading it (`validatePreprocessSpec`) rejects unknown ops and
 * fields and out-of-range values with `INVALID_SPEC` naming the field, e.g. `steps[2].eps`.
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
