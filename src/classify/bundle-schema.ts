import { CtcError } from "../core/errors";
import { validatePreprocessSpec } from "../preprocess/index";
import type { PreprocessSpec } from "../preprocess/spec";

/** The value of `format` in every `model.json`. */
export const MODEL_CARD_FORMAT = "persist-ctc-model";

/** The `formatVersion` this library writes and reads. */
export const MODEL_CARD_VERSION = 1;

/**
 * What the graph's output already is: raw scores (`none`), or scores that already went through
 * `softmax`, `log_softmax` or `sigmoid`. The classifier applies the matching function only to raw
 * scores, so an activation is never applied twice.
 */
export type OutputActivation = "none" | "softmax" | "log_softmax" | "sigmoid";

/** The model's input, as `model.json` declares it. */
export interface ModelInput {
  /** Graph input name; default: the graph's only input. */
  readonly name?: string;
  /** Channel names in the order of the graph's channel axis (must equal `preprocess.channels`). */
  readonly channels: readonly string[];
  /** Input height in pixels. */
  readonly height: number;
  /** Input width in pixels. */
  readonly width: number;
}

/** The model's output, as `model.json` declares it. */
export interface ModelOutput {
  /** Graph output name; default: the graph's first output. */
  readonly name?: string;
  /** What the graph already applied; default: found by reading the graph. */
  readonly activation?: OutputActivation;
}

/** Test-time augmentation: which dihedral views to average (0 is the identity; 0..7). */
export interface TtaSpec {
  /** Dihedral view indices, as `src/augment` numbers them. */
  readonly views: readonly number[];
}

/** Where a model came from. */
export interface Provenance {
  /** Training data: name, version, where to get it. */
  readonly data: string;
  /** When it was trained (ISO 8601 date). */
  readonly date: string;
  /** Code that trained it: package version, commit. */
  readonly code: string;
}

/** One evaluation figure over cross-validation folds. */
export interface MetricSummary {
  /** Mean over folds. */
  readonly mean: number;
  /** Standard deviation over folds. */
  readonly std: number;
  /** The per-fold values, when recorded. */
  readonly folds?: readonly number[];
}

/** Cross-validation figures of the model. */
export interface Evaluation {
  /** Number of folds. */
  readonly folds: number;
  /** Figures by metric name (`f1`, `accuracy`, `auc`...). */
  readonly metrics: Readonly<Record<string, MetricSummary>>;
}

/**
 * `model.json`, version 1: everything needed to run `model.onnx` exactly as it was trained.
 * Documented in `docs/bundle-format.md`.
 */
export interface ModelCard {
  /** Always {@link MODEL_CARD_FORMAT}. */
  readonly format: typeof MODEL_CARD_FORMAT;
  /** Always {@link MODEL_CARD_VERSION}. */
  readonly formatVersion: typeof MODEL_CARD_VERSION;
  /** Model name. */
  readonly name: string;
  /** Model version. */
  readonly version: string;
  /** Free text. */
  readonly description?: string;
  /** Class names in the order of the output axis. */
  readonly classes: readonly string[];
  /** The positive (CTC) class; one of `classes`. */
  readonly positiveClass: string;
  /** Input channels and size. */
  readonly input: ModelInput;
  /** Output name and activation. */
  readonly output: ModelOutput;
  /** The preprocessing the model was trained with, dataset statistics included. */
  readonly preprocess: PreprocessSpec;
  /** Positive-class probability at or above which a cell is called positive. */
  readonly threshold: number;
  /** Default test-time augmentation. */
  readonly tta: TtaSpec;
  /** Training data, date and code. */
  readonly provenance: Provenance;
  /** Cross-validation figures. */
  readonly evaluation?: Evaluation;
  /** Lowercase hex SHA-256 of `model.onnx`; required in zipped bundles. */
  readonly sha256?: string;
}

type Json = Record<string, unknown>;

function fail(field: string, message: string, expected: unknown, actual: unknown): never {
  throw new CtcError("INVALID_SPEC", message, { file: "model.json", field, expected, actual });
}

function object(value: unknown, field: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(field, "must be an object", "object", value);
  }
  return value as Json;
}

function string(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0)
    fail(field, "must be a non-empty string", "string", value);
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : string(value, field);
}

function number(value: unknown, field: string, check: (n: number) => boolean, wanted: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !check(value))
    fail(field, `must be ${wanted}`, wanted, value);
  return value;
}

function positiveInteger(value: unknown, field: string): number {
  return number(value, field, (n) => Number.isInteger(n) && n > 0, "a positive integer");
}

function uniqueStrings(value: unknown, field: string, min: number): string[] {
  if (!Array.isArray(value) || value.length < min)
    fail(field, `must be an array of at least ${min} names`, `>= ${min} names`, value);
  const names = value.map((item, i) => string(item, `${field}[${i}]`));
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) fail(field, `name "${duplicate}" appears twice`, "unique names", value);
  return names;
}

const ACTIVATIONS: readonly OutputActivation[] = ["none", "softmax", "log_softmax", "sigmoid"];

function validateOutput(value: unknown): ModelOutput {
  const json = object(value ?? {}, "output");
  const name = optionalString(json.name, "output.name");
  const activation = json.activation;
  if (activation !== undefined && !ACTIVATIONS.includes(activation as OutputActivation)) {
    fail("output.activation", "is not a known activation", ACTIVATIONS, activation);
  }
  return {
    ...(name !== undefined ? { name } : {}),
    ...(activation !== undefined ? { activation: activation as OutputActivation } : {}),
  };
}

function validateTta(value: unknown): TtaSpec {
  const json = object(value ?? { views: [0] }, "tta");
  if (!Array.isArray(json.views) || json.views.length === 0)
    fail("tta.views", "must be a non-empty array", "[0..7, ...]", json.views);
  const views = json.views.map((v, i) =>
    number(v, `tta.views[${i}]`, (n) => Number.isInteger(n) && n >= 0 && n < 8, "an integer in 0..7"),
  );
  return { views };
}

function validateEvaluation(value: unknown): Evaluation {
  const json = object(value, "evaluation");
  const folds = positiveInteger(json.folds, "evaluation.folds");
  const metrics: Record<string, MetricSummary> = {};
  for (const [key, entry] of Object.entries(object(json.metrics, "evaluation.metrics"))) {
    const field = `evaluation.metrics.${key}`;
    const m = object(entry, field);
    const any = (n: number) => Number.isFinite(n);
    const summary: MetricSummary = {
      mean: number(m.mean, `${field}.mean`, any, "a number"),
      std: number(m.std, `${field}.std`, (n) => n >= 0, "a number >= 0"),
    };
    if (m.folds !== undefined) {
      if (!Array.isArray(m.folds)) fail(`${field}.folds`, "must be an array of numbers", "number[]", m.folds);
      const perFold = m.folds.map((v, i) => number(v, `${field}.folds[${i}]`, any, "a number"));
      metrics[key] = { ...summary, folds: perFold };
    } else {
      metrics[key] = summary;
    }
  }
  return { folds, metrics };
}

/**
 * Validate parsed `model.json` and return it typed. Unknown top-level fields are dropped.
 *
 * @param json - the parsed JSON
 * @returns the model card
 * @throws {@link CtcError} `INVALID_SPEC` naming the field (e.g. `input.height`, `preprocess.steps[1].mode`)
 */
export function validateModelCard(json: unknown): ModelCard {
  const root = object(json, "(root)");
  if (root.format !== MODEL_CARD_FORMAT)
    fail("format", "is not a model card", MODEL_CARD_FORMAT, root.format);
  if (root.formatVersion !== MODEL_CARD_VERSION) {
    fail("formatVersion", "is not a supported version", MODEL_CARD_VERSION, root.formatVersion);
  }
  const classes = uniqueStrings(root.classes, "classes", 2);
  const positiveClass = string(root.positiveClass, "positiveClass");
  if (!classes.includes(positiveClass))
    fail("positiveClass", "must be one of the classes", classes, positiveClass);

  const input = object(root.input, "input");
  const inputName = optionalString(input.name, "input.name");
  const channels = uniqueStrings(input.channels, "input.channels", 1);
  const height = positiveInteger(input.height, "input.height");
  const width = positiveInteger(input.width, "input.width");

  let preprocess: PreprocessSpec;
  try {
    preprocess = validatePreprocessSpec(root.preprocess);
  } catch (error) {
    if (!(error instanceof CtcError)) throw error;
    const field = `preprocess${error.field !== undefined ? `.${error.field}` : ""}`;
    throw new CtcError("INVALID_SPEC", error.message, { file: "model.json", field, cause: error });
  }
  if (preprocess.channels.join("\u0000") !== channels.join("\u0000")) {
    fail("preprocess.channels", "must equal input.channels", channels, preprocess.channels);
  }

  const provenance = object(root.provenance, "provenance");
  const sha256 = root.sha256;
  if (sha256 !== undefined && (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256))) {
    fail("sha256", "must be 64 lowercase hex digits", "sha256 hex", sha256);
  }
  const description = optionalString(root.description, "description");
  return {
    format: MODEL_CARD_FORMAT,
    formatVersion: MODEL_CARD_VERSION,
    name: string(root.name, "name"),
    version: string(root.version, "version"),
    ...(description !== undefined ? { description } : {}),
    classes,
    positiveClass,
    input: { ...(inputName !== undefined ? { name: inputName } : {}), channels, height, width },
    output: validateOutput(root.output),
    preprocess,
    threshold: number(root.threshold, "threshold", (n) => n >= 0 && n <= 1, "a number in [0, 1]"),
    tta: validateTta(root.tta),
    provenance: {
      data: string(provenance.data, "provenance.data"),
      date: string(provenance.date, "provenance.date"),
      code: string(provenance.code, "provenance.code"),
    },
    ...(root.evaluation !== undefined ? { evaluation: validateEvaluation(root.evaluation) } : {}),
    ...(sha256 !== undefined ? { sha256: sha256 as string } : {}),
  };
}
