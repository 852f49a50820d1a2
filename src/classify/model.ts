import type { InferenceSession } from "onnxruntime-common";
import { CtcError } from "../core/errors";
import type { ModelBundle } from "./bundle";
import type { ModelCard, OutputActivation } from "./bundle-schema";
import { type FixedInput, rewritePlainConvolutions } from "./conv-rewrite";
import { denseRewriter, type denseSmallConvolutions } from "./dense-conv";
import { type im2colConvolutions, im2colRewriter } from "./im2col-conv";
import { type OnnxGraph, outputActivation, readOnnxGraph } from "./onnx-graph";
import type { OrtRuntime, SessionSettings } from "./runtime";
import { createSession, type SerialSession } from "./session";
import { type WinogradProducts, type winogradConvolutions, winogradRewriter } from "./winograd-conv";

/** A bundle loaded into a session, with its graph checked against its card. */
export interface LoadedModel {
  /** The model card. */
  readonly card: ModelCard;
  /** The session, with queued runs. */
  readonly session: SerialSession;
  /** Graph input that receives the N x C x H x W batch. */
  readonly inputName: string;
  /** Graph output holding the scores. */
  readonly outputName: string;
  /** The graph's batch size when it is fixed (batches are then split and padded to it). */
  readonly fixedBatch?: number;
  /** Output values per cell: the class count, or 1 for a binary single-logit head. */
  readonly outputWidth: number;
  /** What the graph already applied to its output. */
  readonly activation: OutputActivation;
  /** Index of the positive class. */
  readonly positive: number;
}

function mismatch(
  card: ModelCard,
  field: string,
  message: string,
  expected: unknown,
  actual: unknown,
): never {
  throw new CtcError("MODEL_MISMATCH", message, { file: card.name, field, expected, actual });
}

function pickName(
  card: ModelCard,
  field: string,
  declared: string | undefined,
  names: readonly string[],
): string {
  if (declared !== undefined) {
    if (!names.includes(declared)) mismatch(card, field, "the graph has no such value", names, declared);
    return declared;
  }
  if (field === "input.name" && names.length !== 1) {
    mismatch(card, field, "the graph has several inputs: name the image input in model.json", 1, names);
  }
  return names[0];
}

function tensorShape(
  card: ModelCard,
  metadata: readonly InferenceSession.ValueMetadata[],
  name: string,
  field: string,
): ReadonlyArray<number | string> {
  const meta = metadata.find((m) => m.name === name);
  if (meta === undefined || !meta.isTensor)
    mismatch(card, field, "the graph value is not a tensor", "tensor", name);
  if (meta.type !== "float32") mismatch(card, field, "the graph value is not float32", "float32", meta.type);
  return meta.shape;
}

/**
 * Check a session's input and output against a model card.
 *
 * @param session - the session (its input and output metadata)
 * @param card - the card
 * @returns input and output names, fixed batch size if any, and output values per cell
 * @throws {@link CtcError} `MODEL_MISMATCH` naming the field and both values (rank, channel count, size,
 * output size)
 */
export function checkSignature(
  session: Pick<SerialSession, "inputNames" | "outputNames" | "inputMetadata" | "outputMetadata">,
  card: ModelCard,
): { inputName: string; outputName: string; fixedBatch?: number; outputWidth: number } {
  const inputName = pickName(card, "input.name", card.input.name, session.inputNames);
  const outputName = pickName(card, "output.name", card.output.name, session.outputNames);
  const input = tensorShape(card, session.inputMetadata, inputName, "input");
  // An empty shape means the graph does not declare one; the run itself then checks.
  if (input.length > 0) {
    if (input.length !== 4) mismatch(card, "input", "the graph input is not N x C x H x W", 4, input.length);
    const declared = [card.input.channels.length, card.input.height, card.input.width];
    const fields = ["input.channels", "input.height", "input.width"];
    declared.forEach((value, i) => {
      const dim = input[i + 1];
      if (typeof dim === "number" && dim !== value) {
        mismatch(
          card,
          fields[i],
          `the graph's ${["channel count", "height", "width"][i]} differs`,
          value,
          dim,
        );
      }
    });
  }
  const output = tensorShape(card, session.outputMetadata, outputName, "output");
  const classes = card.classes.length;
  let outputWidth = classes;
  if (output.length > 0 && output.slice(1).every((d) => typeof d === "number")) {
    const width = (output.slice(1) as number[]).reduce((a, b) => a * b, 1);
    const binaryHead = width === 1 && classes === 2;
    if (width !== classes && !binaryHead) {
      mismatch(card, "classes", "the graph's output size differs from the class count", classes, width);
    }
    outputWidth = width;
  }
  const batch = input[0];
  return {
    inputName,
    outputName,
    ...(typeof batch === "number" && batch > 0 ? { fixedBatch: batch } : {}),
    outputWidth,
  };
}

/**
 * The graph a session runs: the model with the convolution rewrites the settings ask for, in one pass
 * over its convolutions, each taken by the first that pays: dense products on tiny maps
 * ({@link denseSmallConvolutions}), Winograd ({@link winogradConvolutions}), whose products are per point
 * for a session of one thread and batched otherwise ({@link WinogradProducts}), then im2col on maps of
 * a few pixels ({@link im2colConvolutions}). Nothing is rewritten at optimization level `"disabled"`,
 * where the runtime would rebuild the folded weights on every run.
 *
 * @param model - bytes of the ONNX model
 * @param input - the image input's channels and fixed size
 * @param settings - which rewrites to do (all by default)
 * @param graph - the model's graph, when the caller has read it already
 * @returns the bytes to load
 */
export function rewriteConvolutions(
  model: Uint8Array,
  input: FixedInput,
  settings: SessionSettings,
  graph: OnnxGraph = readOnnxGraph(model),
): Uint8Array {
  if ((settings.graphOptimizationLevel ?? "all") === "disabled") return model;
  // Per-point products are the fastest on one thread; with more, fewer and larger operators win.
  const products: WinogradProducts = settings.threads === 1 ? "per-point" : "batched";
  const rewriters = [
    ...((settings.denseSmallConvolutions ?? true) ? [denseRewriter] : []),
    ...((settings.winogradConvolutions ?? true) ? [winogradRewriter({ products })] : []),
    ...((settings.im2colConvolutions ?? true) ? [im2colRewriter] : []),
  ];
  return rewritePlainConvolutions(model, input, rewriters, graph).model;
}

/**
 * Load a bundle into a session of the injected runtime and check it against its card.
 *
 * @param ort - the ONNX Runtime namespace
 * @param bundle - the bundle
 * @param settings - threads, optimization level, execution providers, convolution rewrites
 * @returns the loaded model
 * @throws {@link CtcError} `MODEL_INVALID` when the graph cannot be read or loaded, `MODEL_MISMATCH` when it
 * disagrees with its card
 */
export async function loadModel(
  ort: OrtRuntime,
  bundle: ModelBundle,
  settings: SessionSettings = {},
): Promise<LoadedModel> {
  const { card } = bundle;
  const declared = card.output.activation;
  // Read the graph before creating the session: a bad protobuf then fails with a clear message.
  const graph = readOnnxGraph(bundle.model);
  const { input } = card;
  const model = rewriteConvolutions(
    bundle.model,
    { ...input, channels: input.channels.length },
    settings,
    graph,
  );
  const session = await createSession(ort, model, settings);
  try {
    const signature = checkSignature(session, card);
    const activation = declared ?? outputActivation(graph, signature.outputName);
    if (signature.outputWidth === 1 && (activation === "softmax" || activation === "log_softmax")) {
      mismatch(
        card,
        "output.activation",
        "a softmax over one value is constant",
        "none or sigmoid",
        activation,
      );
    }
    return { card, session, ...signature, activation, positive: card.classes.indexOf(card.positiveClass) };
  } catch (error) {
    await session.release();
    throw error;
  }
}
