import { CtcError, type CtcErrorCode } from "../core/errors";
import type { YamlValue } from "./yaml";

/** Kind of a tensor axis, as bioimage.io names them. */
export type BioimageioAxisType = "batch" | "channel" | "index" | "space" | "time";

/** One axis of a tensor, the same for rdf 0.4 (`axes: bcyx`) and 0.5 (`axes: [{type: batch}, ...]`). */
export interface BioimageioAxis {
  /** What the axis holds. */
  readonly type: BioimageioAxisType;
  /** Axis id: `batch`, `channel`, `index`, `time`, or the space axis' id (`x`, `y`, `z`). */
  readonly id: string;
  /** Its size when the rdf fixes one; absent for any, parameterized or referenced sizes. */
  readonly size?: number;
  /** Channel names (rdf 0.5 channel axes). */
  readonly channelNames?: readonly string[];
}

/** One pre- or postprocessing operation, as declared. */
export interface BioimageioOp {
  /** Operation name (`scale_range`, `sigmoid`...): 0.4's `name`, 0.5's `id`. */
  readonly id: string;
  /** Its arguments; `{}` when there are none. */
  readonly kwargs: Readonly<Record<string, YamlValue>>;
  /** Where it is declared, for errors, e.g. `inputs[0].preprocessing[1]`. */
  readonly field: string;
}

/** One input or output tensor. */
export interface BioimageioTensor {
  /** Tensor id: 0.4's `name`, 0.5's `id`; also the ONNX graph value name. */
  readonly id: string;
  /** Axes in the order of the data. */
  readonly axes: readonly BioimageioAxis[];
  /** Preprocessing (inputs) or postprocessing (outputs), in order. */
  readonly processing: readonly BioimageioOp[];
  /** Path of its test tensor (`.npy`) in the package. */
  readonly test: string;
  /** Where the tensor is declared, e.g. `inputs[0]`. */
  readonly field: string;
  /** Where its test tensor is declared, e.g. `test_inputs[0]` or `inputs[0].test_tensor`. */
  readonly testField: string;
}

/**
 * How close a run must come to the test outputs: an element passes when
 * `|actual - expected| <= absolute + relative * |expected|`, and the check passes when at most
 * `mismatchedPerMillion` elements per million fail.
 */
export interface BioimageioTolerance {
  /** Absolute tolerance. */
  readonly absolute: number;
  /** Relative tolerance. */
  readonly relative: number;
  /** Failing elements allowed per million. */
  readonly mismatchedPerMillion: number;
}

/** The parts of a bioimage.io model rdf (format 0.4 or 0.5) that running it needs. */
export interface BioimageioRdf {
  /** `format_version` as written, e.g. `0.5.3`. */
  readonly formatVersion: string;
  /** `0.4` or `0.5`. */
  readonly format: "0.4" | "0.5";
  /** Model name. */
  readonly name: string;
  /** Free text. */
  readonly description?: string;
  /** Model version (`version`), when given. */
  readonly version?: string;
  /** Zoo id (`id`), when given. */
  readonly id?: string;
  /** Creation time (`timestamp`), as written. */
  readonly timestamp?: string;
  /** Source repository (`git_repo`), when given. */
  readonly gitRepo?: string;
  /** Training data id or name, when given. */
  readonly trainingData?: string;
  /** Input tensors. */
  readonly inputs: readonly BioimageioTensor[];
  /** Output tensors. */
  readonly outputs: readonly BioimageioTensor[];
  /** The ONNX weights entry. */
  readonly weights: {
    /** Path of the weights file inside the package. */
    readonly source: string;
    /** Declared SHA-256 of the weights, when given. */
    readonly sha256?: string;
  };
  /** Tolerance for the test outputs with ONNX weights. */
  readonly tolerance: BioimageioTolerance;
}

type Json = Record<string, YamlValue>;

/** bioimage.io's defaults: 0.5's `ReproducibilityTolerance`; 0.4 used `decimal: 4` (NumPy's almost-equal). */
const DEFAULT_TOLERANCE_05: BioimageioTolerance = { absolute: 1e-4, relative: 1e-3, mismatchedPerMillion: 0 };
const DEFAULT_DECIMAL_04 = 4;

/** Reads one rdf, raising errors that name its file and the field. */
class RdfReader {
  constructor(readonly file: string | undefined) {}

  fail(
    field: string,
    message: string,
    expected?: unknown,
    actual?: unknown,
    code: CtcErrorCode = "INVALID_SPEC",
  ): never {
    throw new CtcError(code, message, { file: this.file, field, expected, actual });
  }

  object(value: YamlValue | undefined, field: string): Json {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      this.fail(field, "must be a mapping", "mapping", value);
    return value;
  }

  list(value: YamlValue | undefined, field: string): YamlValue[] {
    if (!Array.isArray(value)) this.fail(field, "must be a list", "list", value);
    return value;
  }

  string(value: YamlValue | undefined, field: string): string {
    if (typeof value !== "string" || value === "")
      this.fail(field, "must be a non-empty string", "string", value);
    return value;
  }

  optionalString(value: YamlValue | undefined, field: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    // Versions and ids may be written unquoted and read as numbers (`version: 1`).
    return typeof value === "number" ? String(value) : this.string(value, field);
  }

  number(value: YamlValue | undefined, field: string, fallback: number): number {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      this.fail(field, "must be a number >= 0", ">= 0", value);
    return value;
  }
}

const AXIS_LETTERS: Readonly<Record<string, BioimageioAxisType>> = {
  b: "batch",
  c: "channel",
  i: "index",
  t: "time",
  x: "space",
  y: "space",
  z: "space",
};

const AXIS_IDS: Readonly<Record<BioimageioAxisType, string>> = {
  batch: "batch",
  channel: "channel",
  index: "index",
  time: "time",
  space: "x",
};

/** A fixed size from 0.4's `shape` (a list, or `{min, step}` with step 0) for axis `i`. */
function shape04(r: RdfReader, shape: YamlValue | undefined, i: number, field: string): number | undefined {
  if (Array.isArray(shape)) {
    const size = shape[i];
    if (typeof size !== "number" || !Number.isInteger(size) || size < 1)
      r.fail(`${field}.shape[${i}]`, "must be a positive integer", "integer >= 1", size);
    return size;
  }
  if (typeof shape === "object" && shape !== null && "min" in shape) {
    const min = r.list(shape.min, `${field}.shape.min`)[i];
    const step = r.list(shape.step, `${field}.shape.step`)[i];
    return step === 0 && typeof min === "number" ? min : undefined;
  }
  return undefined;
}

function axes04(r: RdfReader, tensor: Json, field: string): BioimageioAxis[] {
  const letters = r.string(tensor.axes, `${field}.axes`);
  if (Array.isArray(tensor.shape) && tensor.shape.length !== letters.length) {
    r.fail(`${field}.shape`, "needs one size per axis", letters.length, tensor.shape.length);
  }
  return [...letters].map((letter, i) => {
    const type = AXIS_LETTERS[letter];
    if (type === undefined)
      r.fail(`${field}.axes`, `unknown axis "${letter}"`, "letters of bcitxyz", letters);
    const size = shape04(r, tensor.shape, i, field);
    const id = type === "space" ? letter : AXIS_IDS[type];
    return { type, id, ...(size !== undefined ? { size } : {}) };
  });
}

/** A fixed size from 0.5's axis `size` (an integer, or `{min, step}` with step 0). */
function size05(r: RdfReader, size: YamlValue | undefined, field: string): number | undefined {
  if (typeof size === "number") {
    if (!Number.isInteger(size) || size < 1)
      r.fail(field, "must be a positive integer", "integer >= 1", size);
    return size;
  }
  if (typeof size === "object" && size !== null && !Array.isArray(size) && size.step === 0) {
    return typeof size.min === "number" ? size.min : undefined;
  }
  return undefined;
}

function axes05(r: RdfReader, tensor: Json, field: string): BioimageioAxis[] {
  return r.list(tensor.axes, `${field}.axes`).map((value, i) => {
    const f = `${field}.axes[${i}]`;
    const axis = r.object(value, f);
    const type = axis.type as BioimageioAxisType;
    if (!(type in AXIS_IDS))
      r.fail(`${f}.type`, "is not an axis type", Object.keys(AXIS_IDS), axis.type, "UNSUPPORTED_FORMAT");
    const id = r.optionalString(axis.id, `${f}.id`) ?? AXIS_IDS[type];
    if (type === "channel") {
      const names = r
        .list(axis.channel_names, `${f}.channel_names`)
        .map((n, k) => (typeof n === "number" ? String(n) : r.string(n, `${f}.channel_names[${k}]`)));
      return { type, id, size: names.length, channelNames: names };
    }
    const size = size05(r, axis.size, `${f}.size`);
    return { type, id, ...(size !== undefined ? { size } : {}) };
  });
}

function ops(r: RdfReader, value: YamlValue | undefined, field: string, key: "name" | "id"): BioimageioOp[] {
  if (value === undefined || value === null) return [];
  return r.list(value, field).map((entry, i) => {
    const f = `${field}[${i}]`;
    const op = r.object(entry, f);
    const kwargs = op.kwargs === undefined || op.kwargs === null ? {} : r.object(op.kwargs, `${f}.kwargs`);
    return { id: r.string(op[key], `${f}.${key}`), kwargs, field: f };
  });
}

function tensors(
  r: RdfReader,
  root: Json,
  kind: "inputs" | "outputs",
  format: "0.4" | "0.5",
): BioimageioTensor[] {
  const list = r.list(root[kind], kind);
  if (list.length === 0) r.fail(kind, "must list at least one tensor", ">= 1", 0);
  const processing = kind === "inputs" ? "preprocessing" : "postprocessing";
  const tests04 = format === "0.4" ? r.list(root[`test_${kind}`], `test_${kind}`) : [];
  return list.map((value, i) => {
    const field = `${kind}[${i}]`;
    const tensor = r.object(value, field);
    if (format === "0.4") {
      const testField = `test_${kind}[${i}]`;
      return {
        id: r.string(tensor.name, `${field}.name`),
        axes: axes04(r, tensor, field),
        processing: ops(r, tensor[processing], `${field}.${processing}`, "name"),
        test: r.string(tests04[i], testField),
        field,
        testField,
      };
    }
    const testField = `${field}.test_tensor`;
    return {
      id: r.optionalString(tensor.id, `${field}.id`) ?? kind.slice(0, -1),
      axes: axes05(r, tensor, field),
      processing: ops(r, tensor[processing], `${field}.${processing}`, "id"),
      test: r.string(r.object(tensor.test_tensor, testField).source, `${testField}.source`),
      field,
      testField,
    };
  });
}

function weights(r: RdfReader, root: Json): BioimageioRdf["weights"] {
  if (root.weights === undefined || root.weights === null)
    r.fail("weights", "is missing", "a weights entry with onnx", undefined);
  const entries = r.object(root.weights, "weights");
  if (entries.onnx === undefined || entries.onnx === null) {
    r.fail(
      "weights",
      "has no ONNX weights; only the onnx format can run here",
      "onnx",
      Object.keys(entries),
      "UNSUPPORTED_FORMAT",
    );
  }
  const onnx = r.object(entries.onnx, "weights.onnx");
  const source = r.string(onnx.source, "weights.onnx.source");
  const sha256 = onnx.sha256;
  if (sha256 !== undefined && (typeof sha256 !== "string" || !/^[0-9a-fA-F]{64}$/.test(sha256)))
    r.fail("weights.onnx.sha256", "must be 64 hex digits", "sha256 hex", sha256);
  return { source, ...(typeof sha256 === "string" ? { sha256: sha256.toLowerCase() } : {}) };
}

/** The tolerance for ONNX weights and the first output. */
function tolerance(r: RdfReader, root: Json, format: "0.4" | "0.5", output: string): BioimageioTolerance {
  const config = root.config;
  const bioimageio =
    typeof config === "object" && config !== null && !Array.isArray(config) ? config.bioimageio : undefined;
  const section =
    typeof bioimageio === "object" && bioimageio !== null && !Array.isArray(bioimageio) ? bioimageio : {};
  if (format === "0.4") {
    // 0.4 packages state NumPy's `assert_array_almost_equal(decimal)`: |d| < 1.5 * 10^-decimal.
    const field = "config.bioimageio.test_kwargs.onnx";
    const kwargs = section.test_kwargs;
    const onnx =
      typeof kwargs === "object" && kwargs !== null && !Array.isArray(kwargs) && kwargs.onnx !== undefined
        ? r.object(kwargs.onnx, field)
        : {};
    const decimal = r.number(onnx.decimal, `${field}.decimal`, DEFAULT_DECIMAL_04);
    return {
      absolute: r.number(onnx.absolute_tolerance, `${field}.absolute_tolerance`, 1.5 * 10 ** -decimal),
      relative: r.number(onnx.relative_tolerance, `${field}.relative_tolerance`, 0),
      mismatchedPerMillion: 0,
    };
  }
  const field = "config.bioimageio.reproducibility_tolerance";
  if (section.reproducibility_tolerance === undefined) return DEFAULT_TOLERANCE_05;
  const entries = r
    .list(section.reproducibility_tolerance, field)
    .map((e, i) => r.object(e, `${field}[${i}]`));
  const applies = (list: YamlValue | undefined, value: string) =>
    !Array.isArray(list) || list.length === 0 || list.includes(value);
  const index = entries.findIndex((e) => applies(e.weights_formats, "onnx") && applies(e.output_ids, output));
  if (index < 0) return DEFAULT_TOLERANCE_05;
  const entry = entries[index];
  const f = `${field}[${index}]`;
  return {
    absolute: r.number(entry.absolute_tolerance, `${f}.absolute_tolerance`, DEFAULT_TOLERANCE_05.absolute),
    relative: r.number(entry.relative_tolerance, `${f}.relative_tolerance`, DEFAULT_TOLERANCE_05.relative),
    mismatchedPerMillion: r.number(
      entry.mismatched_elements_per_million,
      `${f}.mismatched_elements_per_million`,
      0,
    ),
  };
}

/**
 * Validate a parsed bioimage.io model rdf (`rdf.yaml` / `bioimageio.yaml`, format 0.4.x or 0.5.x) and
 * return what running it needs, the two formats brought to one shape. Fields that only describe the
 * model (authors, cite, covers...) are not checked: this reads packages, it does not lint them.
 *
 * @param yaml - the parsed YAML
 * @param file - name for error messages, e.g. `model.zip:rdf.yaml`
 * @returns the normalized rdf
 * @throws {@link CtcError} `UNSUPPORTED_FORMAT` for another `format_version` or `type`, or no ONNX
 * weights; `INVALID_SPEC` for a missing or malformed field; each naming the field
 */
export function parseBioimageioRdf(yaml: YamlValue, file?: string): BioimageioRdf {
  const r = new RdfReader(file);
  const root = r.object(yaml, "(root)");
  const formatVersion = root.format_version;
  const match = typeof formatVersion === "string" ? /^0\.(4|5)\.\d+$/.exec(formatVersion) : null;
  if (match === null) {
    return r.fail(
      "format_version",
      "is not a supported rdf version",
      "0.4.x or 0.5.x",
      formatVersion,
      "UNSUPPORTED_FORMAT",
    );
  }
  const format = match[1] === "4" ? "0.4" : "0.5";
  if (root.type !== "model")
    r.fail("type", "only model rdfs can be loaded", "model", root.type, "UNSUPPORTED_FORMAT");
  const inputs = tensors(r, root, "inputs", format);
  const outputs = tensors(r, root, "outputs", format);
  const training = root.training_data;
  const trainingData =
    typeof training === "object" && training !== null && !Array.isArray(training)
      ? r.optionalString(training.id ?? training.name, "training_data.id")
      : r.optionalString(training, "training_data");
  const fields = {
    description: r.optionalString(root.description, "description"),
    version: r.optionalString(root.version, "version"),
    id: r.optionalString(root.id, "id"),
    timestamp: r.optionalString(root.timestamp, "timestamp"),
    gitRepo: r.optionalString(root.git_repo, "git_repo"),
    trainingData,
  };
  return {
    formatVersion: formatVersion as string,
    format,
    name: r.string(root.name, "name"),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    inputs,
    outputs,
    weights: weights(r, root),
    tolerance: tolerance(r, root, format, outputs[0].id),
  };
}
