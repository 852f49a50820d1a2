import { CtcError } from "../core/errors";
import type { NdArray } from "../io/array";
import { readNpy } from "../io/npy";
import type { DatasetStatistics } from "../preprocess/spec";
import { adaptGraph } from "./bioimageio-graph";
import { postprocessOps, preprocessSteps } from "./bioimageio-ops";
import {
  type BioimageioAxis,
  type BioimageioRdf,
  type BioimageioTensor,
  parseBioimageioRdf,
} from "./bioimageio-rdf";
import type { ModelBundle } from "./bundle";
import { type ModelCard, validateModelCard } from "./bundle-schema";
import { sha256Hex } from "./sha256";
import { parseYaml } from "./yaml";

/** The rdf file names a bioimage.io package may use, in order of preference. */
export const BIOIMAGEIO_RDF_NAMES: readonly string[] = ["bioimageio.yaml", "rdf.yaml"];

/** Choices a bioimage.io package does not make for a classifier. */
export interface BioimageioOptions {
  /** Input channel names (the names cells are matched by); default: the rdf's, else `channel0`... */
  readonly channels?: readonly string[];
  /** Class names; default: the output's channel names, else `class_0`...; a one-value output is binary. */
  readonly classes?: readonly string[];
  /** The positive (CTC) class; default: the last class. */
  readonly positiveClass?: string;
  /** Decision threshold on the positive-class probability; default 0.5. */
  readonly threshold?: number;
  /** Dataset statistics by channel name, for `per_dataset` preprocessing (packages do not carry them). */
  readonly statistics?: DatasetStatistics;
  /**
   * Run the package's test tensors through the model on load and compare with its test outputs
   * (default true). Honoured where a runtime is at hand (`createNodeClassifier`); with only bytes, call
   * `selfCheckBioimageio` yourself.
   */
  readonly selfCheck?: boolean;
}

/** Options for {@link readBioimageio}. */
export interface ReadBioimageioOptions extends BioimageioOptions {
  /** Name of the package for error messages. */
  readonly file?: string;
}

/** A tensor's layout: which data axis is which N x C x H x W (inputs) or N x K (outputs) axis. */
export interface BioimageioLayout {
  /** For each target axis (N, C, H, W or N, K), the index of the data axis that holds it. */
  readonly order: readonly number[];
}

/** What a bioimage.io bundle carries besides the card and graph: the rdf and its test tensors. */
export interface BioimageioPackage {
  /** The normalized rdf. */
  readonly rdf: BioimageioRdf;
  /** The rdf's file name in the package, for error messages (e.g. `model.zip:rdf.yaml`). */
  readonly file: string;
  /** Test input, in the rdf's axis order. */
  readonly testInput: NdArray;
  /** Test output, in the rdf's axis order. */
  readonly testOutput: NdArray;
  /** Where the input's batch, channel, y and x axes are. */
  readonly inputLayout: BioimageioLayout;
  /** Where the output's batch and class axes are. */
  readonly outputLayout: BioimageioLayout;
  /** Whether the package asks to be checked on load (see {@link BioimageioOptions.selfCheck}). */
  readonly selfCheck: boolean;
}

/** A model bundle read from a bioimage.io package: runs in the classifier like any bundle. */
export interface BioimageioBundle extends ModelBundle {
  /** The package's rdf and test tensors. */
  readonly bioimageio: BioimageioPackage;
}

/**
 * Whether a bundle came from a bioimage.io package.
 *
 * @param bundle - any bundle
 * @returns true for a {@link BioimageioBundle}
 */
export function isBioimageioBundle(bundle: ModelBundle): bundle is BioimageioBundle {
  return "bioimageio" in bundle && (bundle as BioimageioBundle).bioimageio !== undefined;
}

/**
 * The rdf entry of a zip's entries, if it is a bioimage.io package.
 *
 * @param entries - zip entries by name
 * @returns `bioimageio.yaml` or `rdf.yaml`, or undefined
 */
export function bioimageioRdfName(entries: ReadonlyMap<string, Uint8Array>): string | undefined {
  return BIOIMAGEIO_RDF_NAMES.find((name) => entries.has(name));
}

function unsupported(
  file: string,
  field: string,
  message: string,
  expected: unknown,
  actual: unknown,
): never {
  throw new CtcError("UNSUPPORTED_FORMAT", message, { file, field, expected, actual });
}

function describeAxes(axes: readonly BioimageioAxis[]): string[] {
  return axes.map((a) => (a.type === "space" ? a.id : a.type));
}

/** Data axis index of batch, channel, y, x; anything else is refused. */
function inputLayout(tensor: BioimageioTensor, file: string): BioimageioLayout {
  const { axes } = tensor;
  const at = (test: (a: BioimageioAxis) => boolean) => axes.findIndex(test);
  const order = [
    at((a) => a.type === "batch"),
    at((a) => a.type === "channel"),
    at((a) => a.type === "space" && a.id === "y"),
    at((a) => a.type === "space" && a.id === "x"),
  ];
  if (axes.length !== 4 || order.includes(-1)) {
    unsupported(
      file,
      `${tensor.field}.axes`,
      "a classifier input needs exactly a batch, a channel and two space axes (y, x), in any order",
      "batch, channel, y, x",
      describeAxes(axes),
    );
  }
  return { order };
}

/** Data axis index of batch and class (a channel or index axis); anything else is refused. */
function outputLayout(tensor: BioimageioTensor, file: string): BioimageioLayout {
  const { axes } = tensor;
  const order = [
    axes.findIndex((a) => a.type === "batch"),
    axes.findIndex((a) => a.type === "channel" || a.type === "index"),
  ];
  if (axes.length !== 2 || order.includes(-1)) {
    unsupported(
      file,
      `${tensor.field}.axes`,
      "a classifier output needs exactly a batch and a channel (or index) axis",
      "batch, channel",
      describeAxes(axes),
    );
  }
  return { order };
}

function entry(entries: ReadonlyMap<string, Uint8Array>, source: string, file: string, field: string) {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    unsupported(
      file,
      field,
      "files outside the package are not fetched",
      "a path inside the package",
      source,
    );
  }
  const path = source.replace(/^(\.\/)+/, "");
  const bytes = entries.get(path);
  if (bytes === undefined) {
    throw new CtcError("MODEL_INVALID", "the package has no such file", {
      file,
      field,
      expected: path,
      actual: [...entries.keys()],
    });
  }
  return { path, bytes };
}

/** The size of target axis `k` of a tensor: the rdf's fixed size, else the test tensor's. */
function sizeOf(
  tensor: BioimageioTensor,
  test: NdArray,
  layout: BioimageioLayout,
  k: number,
  file: string,
): number {
  const index = layout.order[k];
  const declared = tensor.axes[index].size;
  const actual = test.shape[index];
  if (test.shape.length !== tensor.axes.length || (declared !== undefined && k > 0 && declared !== actual)) {
    throw new CtcError("MODEL_INVALID", "the test tensor's shape does not match the declared axes", {
      file,
      field: tensor.testField,
      expected: tensor.axes.map((a) => a.size ?? "any"),
      actual: test.shape,
    });
  }
  return declared ?? actual;
}

function names(
  given: readonly string[] | undefined,
  declared: readonly string[] | undefined,
  count: number,
  prefix: string,
  file: string,
  field: string,
): string[] {
  const list = given ?? declared ?? Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  if (list.length !== count) {
    throw new CtcError("INVALID_ARGUMENT", "needs one name per value of the axis", {
      file,
      field,
      expected: count,
      actual: list.length,
    });
  }
  return [...list];
}

function classNames(
  options: BioimageioOptions,
  output: BioimageioTensor,
  layout: BioimageioLayout,
  width: number,
  file: string,
): string[] {
  const declared = output.axes[layout.order[1]].channelNames;
  // One score per cell is a binary head: its channel is the positive class.
  if (width === 1 && options.classes === undefined) {
    const positive = declared?.[0] ?? "class_1";
    return [declared === undefined ? "class_0" : `not ${positive}`, positive];
  }
  return names(options.classes, declared, width === 1 ? 2 : width, "class_", file, "classes");
}

/**
 * Validate the derived card, blaming the package rather than a `model.json` it does not have: an error
 * in preprocessing step i names the rdf operation it came from.
 */
function card(json: unknown, file: string, stepFields: readonly string[]): ModelCard {
  try {
    return validateModelCard(json);
  } catch (error) {
    if (!(error instanceof CtcError)) throw error;
    const step = /^preprocess\.steps\[(\d+)\]\.?(.*)$/.exec(error.field ?? "");
    const field =
      step === null
        ? error.field
        : `${stepFields[Number(step[1])]}${step[2] !== "" ? `.kwargs.${step[2]}` : ""}`;
    throw new CtcError(error.code, `the card derived from the rdf is invalid (${error.message})`, {
      file,
      field,
      cause: error,
    });
  }
}

/**
 * Read a bioimage.io model package (format 0.4 or 0.5, ONNX weights) from its zip entries into a
 * bundle the classifier runs like its own: the graph gets a Transpose in front when its input is not
 * N x C x H x W and the declared postprocessing behind its output; the preprocessing maps onto the
 * library's steps; the card takes its classes from the output's channel names (or `class_0`...), the
 * last class as positive, threshold 0.5, provenance from the rdf. The test tensors ride along for
 * `selfCheckBioimageio`.
 *
 * @param entries - the package's zip entries by name
 * @param options - channel and class names, positive class, threshold, dataset statistics, file name
 * @returns the bundle, with the rdf and test tensors
 * @throws {@link CtcError} `INVALID_SPEC` (malformed YAML or rdf), `UNSUPPORTED_FORMAT` (rdf version,
 * weight format, axes, operations outside what a classifier needs), `MODEL_INVALID` (missing file,
 * digest mismatch, unreadable graph), each naming the file and field
 */
export async function readBioimageio(
  entries: ReadonlyMap<string, Uint8Array>,
  options: ReadBioimageioOptions = {},
): Promise<BioimageioBundle> {
  const name = bioimageioRdfName(entries);
  const zip = options.file ?? "package";
  if (name === undefined) {
    throw new CtcError("MODEL_INVALID", "the package has no rdf", {
      file: zip,
      expected: BIOIMAGEIO_RDF_NAMES,
      actual: [...entries.keys()],
    });
  }
  const file = `${zip}:${name}`;
  const rdf = parseBioimageioRdf(parseYaml(new TextDecoder().decode(entries.get(name)), { file }), file);
  if (rdf.inputs.length !== 1)
    unsupported(file, "inputs", "a classifier has one image input", 1, rdf.inputs.length);
  if (rdf.outputs.length !== 1)
    unsupported(file, "outputs", "a classifier has one score output", 1, rdf.outputs.length);
  const [input] = rdf.inputs;
  const [output] = rdf.outputs;
  const inLayout = inputLayout(input, file);
  const outLayout = outputLayout(output, file);

  const tensor = (t: BioimageioTensor) => {
    const { path, bytes } = entry(entries, t.test, file, t.testField);
    return readNpy(bytes, { file: `${zip}:${path}` });
  };
  const testInput = tensor(input);
  const testOutput = tensor(output);
  const [, channelCount, height, width] = [0, 1, 2, 3].map((k) =>
    sizeOf(input, testInput, inLayout, k, file),
  );
  const classCount = sizeOf(output, testOutput, outLayout, 1, file);
  if (testInput.shape[inLayout.order[0]] !== testOutput.shape[outLayout.order[0]]) {
    throw new CtcError("MODEL_INVALID", "test input and output hold different numbers of samples", {
      file,
      field: output.testField,
      expected: testInput.shape[inLayout.order[0]],
      actual: testOutput.shape[outLayout.order[0]],
    });
  }
  const channels = names(
    options.channels,
    input.axes[inLayout.order[1]].channelNames,
    channelCount,
    "channel",
    file,
    "channels",
  );
  const classes = classNames(options, output, outLayout, classCount, file);

  const weights = entry(entries, rdf.weights.source, file, "weights.onnx.source");
  if (rdf.weights.sha256 !== undefined) {
    const actual = await sha256Hex(weights.bytes);
    if (actual !== rdf.weights.sha256) {
      throw new CtcError("MODEL_INVALID", "the ONNX weights do not match their sha256", {
        file,
        field: "weights.onnx.sha256",
        expected: rdf.weights.sha256,
        actual,
      });
    }
  }
  const identity = (order: readonly number[]) => order.every((axis, k) => axis === k);
  const adapted = adaptGraph(weights.bytes, {
    input: input.id,
    // The Transpose maps N x C x H x W to the rdf's order: data axis j is target axis perm[j].
    ...(identity(inLayout.order) ? {} : { inputPerm: input.axes.map((_, j) => inLayout.order.indexOf(j)) }),
    output: output.id,
    ...(identity(outLayout.order) ? {} : { outputPerm: outLayout.order }),
    ops: postprocessOps(output, classCount, file),
    classes: classCount,
  });
  const mapped = preprocessSteps(input, channelCount, { file, statistics: options.statistics });
  const { trainingData, timestamp, gitRepo, id, version, description } = rdf;
  const code = [
    `bioimage.io model package${id !== undefined ? ` ${id}` : ""} (rdf ${rdf.formatVersion})`,
    gitRepo,
  ];
  const derived = card(
    {
      format: "persist-ctc-model",
      formatVersion: 1,
      name: rdf.name,
      version: version ?? "unversioned",
      ...(description !== undefined ? { description } : {}),
      classes,
      positiveClass: options.positiveClass ?? classes[classes.length - 1],
      input: { name: adapted.input, channels, height, width },
      output: { name: adapted.output },
      preprocess: {
        version: 1,
        channels,
        steps: mapped.steps,
        ...(options.statistics !== undefined ? { statistics: options.statistics } : {}),
      },
      threshold: options.threshold ?? 0.5,
      tta: { views: [0] },
      provenance: {
        data: trainingData ?? "not stated in the rdf",
        date: timestamp ?? "not stated in the rdf",
        code: code.filter((part) => part !== undefined).join(", "),
      },
      sha256: await sha256Hex(adapted.model),
    },
    file,
    mapped.fields,
  );
  return {
    card: derived,
    model: adapted.model,
    bioimageio: {
      rdf,
      file,
      testInput,
      testOutput,
      inputLayout: inLayout,
      outputLayout: outLayout,
      selfCheck: options.selfCheck ?? true,
    },
  };
}
