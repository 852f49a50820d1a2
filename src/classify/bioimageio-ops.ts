import { CtcError } from "../core/errors";
import type { DatasetStatistics, PreprocessStep, StatisticsMode } from "../preprocess/spec";
import type { BioimageioOp, BioimageioTensor } from "./bioimageio-rdf";
import type { YamlValue } from "./yaml";

/** A postprocessing operation on class scores, appended to the ONNX graph as nodes. */
export type ScoreOp =
  | { readonly op: "sigmoid" }
  | {
      readonly op: "affine";
      /** `x * gain + offset`, one value or one per class. */
      readonly gain: number | readonly number[];
      readonly offset: number | readonly number[];
    }
  | { readonly op: "clip"; readonly min: number; readonly max: number };

/** Preprocessing steps for the library's preprocessor, each with the rdf field it came from. */
export interface MappedSteps {
  /** The steps, in order. */
  readonly steps: readonly PreprocessStep[];
  /** `fields[i]` is the rdf operation `steps[i]` came from, e.g. `inputs[0].preprocessing[1]`. */
  readonly fields: readonly string[];
}

/** Options for {@link preprocessSteps}. */
export interface MapStepsOptions {
  /** Dataset statistics by channel name, for `per_dataset` operations (packages do not carry them). */
  readonly statistics?: DatasetStatistics;
  /** Name for error messages. */
  readonly file?: string;
}

function unsupported(file: string | undefined, field: string, message: string, actual?: unknown): never {
  throw new CtcError("UNSUPPORTED_FORMAT", message, { file, field, actual });
}

function numberArg(op: BioimageioOp, key: string, fallback: number | undefined, file?: string): number {
  const value = op.kwargs[key];
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new CtcError("INVALID_SPEC", "must be a number", {
      file,
      field: `${op.field}.kwargs.${key}`,
      expected: "number",
      actual: value,
    });
  }
  return value;
}

/**
 * A scalar, or a list with one value per channel. Lists must run along the channel axis (0.5's `axis`;
 * 0.4 lists are per channel by convention).
 */
function perChannel(
  op: BioimageioOp,
  key: string,
  fallback: number | undefined,
  channels: number,
  file: string | undefined,
): number | number[] {
  const value = op.kwargs[key];
  if (value === undefined || value === null) return fallback ?? numberArg(op, key, undefined, file);
  if (!Array.isArray(value)) return numberArg(op, key, fallback, file);
  const axis = op.kwargs.axis;
  if (axis !== undefined && axis !== null && axis !== "channel" && axis !== "c") {
    unsupported(
      file,
      `${op.field}.kwargs.axis`,
      "per-value lists are supported along the channel axis only",
      axis,
    );
  }
  const flat = value.flat(3);
  if (flat.length !== channels || flat.some((v) => typeof v !== "number")) {
    unsupported(
      file,
      `${op.field}.kwargs.${key}`,
      `needs a number or one number per channel (${channels})`,
      value,
    );
  }
  return flat as number[];
}

/**
 * The tensor axes an operation reduces over. The library normalizes each channel of each cell on its
 * own, so the axes must be the two space axes, optionally with the batch axis (a cell is classified on
 * its own, so batch statistics are per-cell statistics), and the channel axis only when there is one
 * channel.
 */
function checkReduction(op: BioimageioOp, tensor: BioimageioTensor, channels: number, file?: string): void {
  const raw: YamlValue | undefined = op.kwargs.axes;
  // 0.5 without `axes` reduces over the whole tensor; 0.4 writes axis letters ("xy").
  const ids =
    raw === undefined || raw === null
      ? tensor.axes.map((a) => a.id)
      : typeof raw === "string"
        ? [...raw].map(
            (letter) => tensor.axes.find((a) => a.id === letter || a.id[0] === letter)?.id ?? letter,
          )
        : Array.isArray(raw)
          ? raw.map(String)
          : [];
  const types = ids.map((id) => tensor.axes.find((a) => a.id === id)?.type);
  const field = `${op.field}.kwargs.axes`;
  if (types.some((t) => t === undefined))
    unsupported(file, field, "names an axis the tensor does not have", raw);
  const spaces = types.filter((t) => t === "space").length;
  if (spaces !== 2 || (types.includes("channel") && channels > 1)) {
    unsupported(file, field, "statistics must be taken per channel over both space axes", raw);
  }
}

function mode(
  op: BioimageioOp,
  file: string | undefined,
  statistics: DatasetStatistics | undefined,
): StatisticsMode {
  const value = op.kwargs.mode ?? "per_sample";
  if (value !== "per_sample" && value !== "per_dataset")
    unsupported(file, `${op.field}.kwargs.mode`, "is not a supported mode", value);
  if (value === "per_dataset" && statistics === undefined) {
    unsupported(
      file,
      `${op.field}.kwargs.mode`,
      "per_dataset needs dataset statistics, which packages do not carry: pass them as options.statistics",
      value,
    );
  }
  return value;
}

function eps(op: BioimageioOp, file: string | undefined): { eps?: number } {
  const value = op.kwargs.eps;
  return value === undefined || value === null ? {} : { eps: numberArg(op, "eps", undefined, file) };
}

function dtype(op: BioimageioOp, file: string | undefined): void {
  const value = op.kwargs.dtype;
  // The library computes in float32 throughout, so only float targets are what it already does.
  if (value !== "float32" && value !== "float64")
    unsupported(file, `${op.field}.kwargs.dtype`, "only float32 or float64 can be ensured", value);
}

function mapPre(
  op: BioimageioOp,
  tensor: BioimageioTensor,
  channels: number,
  options: MapStepsOptions,
): PreprocessStep | undefined {
  const { file, statistics } = options;
  const reference = op.kwargs.reference_tensor;
  if (reference !== undefined && reference !== null && reference !== tensor.id) {
    unsupported(
      file,
      `${op.field}.kwargs.reference_tensor`,
      "statistics of another tensor are not supported",
      reference,
    );
  }
  switch (op.id) {
    case "scale_range":
      checkReduction(op, tensor, channels, file);
      return {
        op: "scale_range",
        mode: mode(op, file, statistics),
        min_percentile: numberArg(op, "min_percentile", 0, file),
        max_percentile: numberArg(op, "max_percentile", 100, file),
        ...eps(op, file),
      };
    case "zero_mean_unit_variance":
      if (op.kwargs.mode === "fixed") return fixedStandardization(op, channels, file);
      checkReduction(op, tensor, channels, file);
      return { op: "zero_mean_unit_variance", mode: mode(op, file, statistics), ...eps(op, file) };
    case "fixed_zero_mean_unit_variance":
      return fixedStandardization(op, channels, file);
    case "scale_linear":
      return {
        op: "scale_linear",
        gain: perChannel(op, "gain", 1, channels, file),
        offset: perChannel(op, "offset", 0, channels, file),
      };
    case "clip":
      return {
        op: "clip",
        min: numberArg(op, "min", -Number.MAX_VALUE, file),
        max: numberArg(op, "max", Number.MAX_VALUE, file),
      };
    case "ensure_dtype":
      dtype(op, file);
      return undefined;
    default:
      return unsupported(file, op.field, `preprocessing "${op.id}" is not supported`, op.id);
  }
}

function fixedStandardization(op: BioimageioOp, channels: number, file: string | undefined): PreprocessStep {
  return {
    op: "fixed_zero_mean_unit_variance",
    mean: perChannel(op, "mean", undefined, channels, file),
    std: perChannel(op, "std", undefined, channels, file),
    ...eps(op, file),
  };
}

/**
 * Map an input's bioimage.io preprocessing onto the library's steps (which are named after and behave
 * like bioimage.io's): `scale_range`, `zero_mean_unit_variance` (0.4's `mode: fixed` included),
 * `fixed_zero_mean_unit_variance`, `scale_linear`, `clip`, and `ensure_dtype` to a float type (a no-op:
 * the library computes in float32).
 *
 * @param tensor - the input tensor, with its axes and operations
 * @param channels - its channel count
 * @param options - dataset statistics for `per_dataset` modes, file name
 * @returns the steps, each with the rdf field it came from
 * @throws {@link CtcError} `UNSUPPORTED_FORMAT` naming the operation's field for other operations
 * (`binarize`, `sigmoid`, `scale_mean_variance`), statistics across channels, lists along other axes,
 * another reference tensor, or `per_dataset` without statistics; `INVALID_SPEC` for a non-number argument
 */
export function preprocessSteps(
  tensor: BioimageioTensor,
  channels: number,
  options: MapStepsOptions = {},
): MappedSteps {
  const steps: PreprocessStep[] = [];
  const fields: string[] = [];
  for (const op of tensor.processing) {
    const step = mapPre(op, tensor, channels, options);
    if (step === undefined) continue;
    steps.push(step);
    fields.push(op.field);
  }
  return { steps, fields };
}

/**
 * Map an output's postprocessing onto operations the graph can append: `sigmoid`, `scale_linear` and
 * `fixed_zero_mean_unit_variance` (both affine), `clip`, and `ensure_dtype` to a float type (a no-op).
 *
 * @param tensor - the output tensor
 * @param classes - values per cell along its channel or index axis
 * @param file - name for error messages
 * @returns the operations, in order
 * @throws {@link CtcError} `UNSUPPORTED_FORMAT` naming the field for operations that need statistics
 * of the output (`scale_range`, `zero_mean_unit_variance`, `scale_mean_variance`) or that are not a
 * score (`binarize`), and for lists along other axes
 */
export function postprocessOps(tensor: BioimageioTensor, classes: number, file?: string): ScoreOp[] {
  const out: ScoreOp[] = [];
  for (const op of tensor.processing) {
    switch (op.id) {
      case "sigmoid":
        out.push({ op: "sigmoid" });
        break;
      case "scale_linear":
        out.push({
          op: "affine",
          gain: perChannel(op, "gain", 1, classes, file),
          offset: perChannel(op, "offset", 0, classes, file),
        });
        break;
      case "fixed_zero_mean_unit_variance": {
        const mean = perChannel(op, "mean", undefined, classes, file);
        const std = perChannel(op, "std", undefined, classes, file);
        const e = numberArg(op, "eps", 1e-6, file);
        const at = (v: number | readonly number[], k: number) => (typeof v === "number" ? v : v[k]);
        const gain = Array.from({ length: classes }, (_, k) => 1 / (at(std, k) + e));
        out.push({ op: "affine", gain, offset: gain.map((g, k) => -at(mean, k) * g) });
        break;
      }
      case "clip":
        out.push({
          op: "clip",
          min: numberArg(op, "min", -Number.MAX_VALUE, file),
          max: numberArg(op, "max", Number.MAX_VALUE, file),
        });
        break;
      case "ensure_dtype":
        dtype(op, file);
        break;
      default:
        unsupported(file, op.field, `postprocessing "${op.id}" is not supported for class scores`, op.id);
    }
  }
  return out;
}
