import { readFileSync } from "node:fs";
import { CtcError, relocateError } from "../src/core/errors";
import { type PresetName, resolveConfig, type SynthOptions } from "../src/synth/index";

/** Where the cells come from. */
export type DataSource =
  /** An NPZ file: `x` (N x C x H x W), `y` (N, integer class index), optional `groups` (N). */
  | {
      readonly kind: "npz";
      /** Path to the NPZ, relative to the config file. */
      readonly path: string;
      /** Channel names of the C axis. */
      readonly channels: readonly string[];
      /** Class names, indexed by `y`. */
      readonly classes: readonly string[];
      /** Name of the data for provenance (and where to get it). */
      readonly description?: string;
    }
  /** Cells drawn from the library's simulator. */
  | {
      readonly kind: "synth";
      /** Simulator preset, e.g. `paper-like`. */
      readonly preset: string;
      /** Number of cells. */
      readonly cells: number;
      /** Simulator seed. */
      readonly seed: number;
      /** Overrides of the preset (difficulty, prevalence, imaging, ...), as `resolveConfig` takes them. */
      readonly options?: Omit<SynthOptions, "preset">;
    };

/** How pixels become network input (the spec is built from this and the training fold's statistics). */
export interface PreprocessRecipe {
  /** `per_sample` (each image's own percentiles) or `per_dataset` (the training fold's percentiles). */
  readonly normalization: "per_sample" | "per_dataset";
  /** `scale_range` (percentiles, the default) or `zscore` (`zero_mean_unit_variance`). */
  readonly method?: "scale_range" | "zscore";
  /** Lower and upper percentile of `scale_range`; default [1, 99]. */
  readonly percentiles?: readonly [number, number];
  /** Network input size (square); cells are resized to it. */
  readonly size: number;
  /** Resize interpolation; default `bilinear`. */
  readonly resize?: "nearest" | "bilinear" | "area";
}

/** Cross-validation settings. */
export interface CvSettings {
  /** Number of folds; default 5. */
  readonly folds?: number;
  /** `auto`: grouped k-fold when the data has groups, else stratified; or force one. */
  readonly splitter?: "auto" | "stratified" | "group";
  /** Fraction of each training fold held back (stratified) to choose the decision threshold; default 0.1. */
  readonly valFraction?: number;
  /** Train only these folds (the others are still defined). */
  readonly onlyFolds?: readonly number[];
}

/** The whole training configuration (`training/configs/*.json`). Python reads `model` and `train`. */
export interface TrainingConfig {
  /** Model name (bundle `name`). */
  readonly name: string;
  /** Model version; default `0.1.0`. */
  readonly version?: string;
  /** Bundle description. */
  readonly description?: string;
  /** Run seed: fold splits, sample order and augmentation streams derive from it. */
  readonly seed: number;
  /** The cells. */
  readonly data: DataSource;
  /** Channels the model sees, in order; default all of the data's. */
  readonly channels?: readonly string[];
  /** The positive (CTC) class; default the second class. */
  readonly positiveClass?: string;
  /** Preprocessing recipe. */
  readonly preprocess: PreprocessRecipe;
  /** Augmentation pipeline JSON (the library's format), `true` for the library's default, or off. */
  readonly augment?: unknown;
  /** Cross-validation. */
  readonly cv?: CvSettings;
  /** Evaluation: dihedral views for test-time augmentation (default `[0]`, none). */
  readonly eval?: { readonly tta?: readonly number[] };
  /** Network (read by Python). */
  readonly model?: Record<string, unknown>;
  /** Optimisation (read by Python). */
  readonly train?: Record<string, unknown>;
}

function invalid(field: string, message: string, expected: unknown, actual: unknown): never {
  throw new CtcError("INVALID_SPEC", message, { field, expected, actual });
}

/**
 * Resolve a simulator source's preset and overrides now, so a bad value is reported against the config
 * file and its `data` field when the config is read, not later by the streamer.
 */
function checkSynthSource(source: Extract<DataSource, { kind: "synth" }>): void {
  try {
    resolveConfig({ ...source.options, preset: source.preset as PresetName });
  } catch (error) {
    if (!(error instanceof CtcError)) throw error;
    const field = error.field === "preset" ? "data.preset" : `data.options.${error.field ?? ""}`;
    invalid(field, error.reason, error.expected, error.actual);
  }
}

/**
 * Read and check a training configuration.
 *
 * @param path - JSON file
 * @returns the configuration
 * @throws {@link CtcError} `IO_ERROR` when unreadable, `INVALID_SPEC` naming the bad field
 */
export function readTrainingConfig(path: string): TrainingConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new CtcError("IO_ERROR", `cannot read the training config: ${String(cause)}`, {
      file: path,
      cause,
    });
  }
  try {
    return checkConfig(json as TrainingConfig);
  } catch (error) {
    throw error instanceof CtcError ? relocateError(error, { file: path }) : error;
  }
}

function checkConfig(config: TrainingConfig): TrainingConfig {
  if (typeof config.name !== "string" || config.name === "")
    invalid("name", "must be a name", "string", config.name);
  if (!Number.isSafeInteger(config.seed) || config.seed < 0) {
    invalid("seed", "must be a non-negative integer", "integer >= 0", config.seed);
  }
  const data = config.data;
  const kind = (data as { kind?: unknown } | undefined)?.kind;
  if (kind !== "npz" && kind !== "synth") invalid("data.kind", "is unknown", ["npz", "synth"], kind);
  if (data.kind === "synth") checkSynthSource(data);
  const recipe = config.preprocess;
  if (recipe?.normalization !== "per_sample" && recipe?.normalization !== "per_dataset") {
    invalid("preprocess.normalization", "is unknown", ["per_sample", "per_dataset"], recipe?.normalization);
  }
  if (!Number.isInteger(recipe.size) || recipe.size < 8)
    invalid("preprocess.size", "must be >= 8", ">= 8", recipe.size);
  const folds = config.cv?.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2) invalid("cv.folds", "must be an integer >= 2", ">= 2", folds);
  const val = config.cv?.valFraction ?? 0.1;
  if (!(val >= 0 && val < 0.5)) invalid("cv.valFraction", "must be in [0, 0.5)", "[0, 0.5)", val);
  return config;
}
