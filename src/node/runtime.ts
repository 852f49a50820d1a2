import { access } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { isBioimageioBundle } from "../classify/bioimageio";
import { selfCheckBioimageio } from "../classify/bioimageio-check";
import { bundleFromParts, type ModelBundle, type ReadBundleOptions, readBundle } from "../classify/bundle";
import { type Classifier, type ClassifierOptions, createClassifier } from "../classify/classifier";
import type { OrtRuntime } from "../classify/runtime";
import { CtcError } from "../core/errors";
import { readFileBytes } from "./read-file";

/** Options for {@link loadBundleFile}. */
export interface LoadBundleFileOptions extends ReadBundleOptions {
  /** Card of a bare `.onnx` file; default: the same path with `.json`, else `model.json` beside it. */
  readonly card?: string;
}

/** Options for {@link createNodeClassifier}. */
export interface NodeClassifierOptions extends ClassifierOptions, LoadBundleFileOptions {
  /** The runtime namespace; default: `onnxruntime-node`, imported on first use. */
  readonly ort?: OrtRuntime;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Load a bundle from disk: a zip bundle, or a bare `.onnx` file with its JSON card.
 *
 * @param path - `.zip` bundle or `.onnx` file
 * @param options - card path for a bare model, zip limits
 * @returns the validated bundle
 * @throws {@link CtcError} `IO_ERROR` when a file cannot be read, and {@link readBundle}'s errors
 */
export async function loadBundleFile(
  path: string,
  options: LoadBundleFileOptions = {},
): Promise<ModelBundle> {
  const file = options.file ?? path;
  if (extname(path).toLowerCase() !== ".onnx")
    return readBundle(await readFileBytes(path), { ...options, file });
  let card = options.card;
  if (card === undefined) {
    const sibling = join(dirname(path), `${basename(path, extname(path))}.json`);
    card = (await exists(sibling)) ? sibling : join(dirname(path), "model.json");
  }
  const [model, json] = await Promise.all([readFileBytes(path), readFileBytes(card)]);
  return bundleFromParts(model, json, { ...options, file: card });
}

/**
 * Import onnxruntime-node. It is an optional peer dependency, so it is imported only when a classifier is
 * made, and a missing install is reported as such.
 *
 * @returns the onnxruntime-node namespace
 * @throws {@link CtcError} `RUNTIME_ERROR` when onnxruntime-node is not installed
 */
export async function loadNodeRuntime(): Promise<OrtRuntime> {
  try {
    return (await import("onnxruntime-node")) as unknown as OrtRuntime;
  } catch (cause) {
    throw new CtcError("RUNTIME_ERROR", "onnxruntime-node is not installed (npm install onnxruntime-node)", {
      cause,
    });
  }
}

/**
 * A classifier on onnxruntime-node (CPU unless other execution providers are given), from bundles or
 * paths. Several models make an ensemble.
 *
 * @param models - a bundle or a path (`.zip`, or `.onnx` beside its `.json`), or a list of them
 * @param options - runtime, session settings, batch size, TTA, threshold, card path
 * @returns the classifier
 * @throws {@link CtcError} as {@link loadBundleFile} and {@link createClassifier}; `MODEL_MISMATCH` when a
 * bioimage.io package fails its own test (skip with `bioimageio: { selfCheck: false }`)
 * @example
 * ```ts
 * const classifier = await createNodeClassifier("models/ctc-resnet18.zip", { threads: 2, batchSize: 32 });
 * const predictions = await classifier.classify(cells);
 * ```
 */
export async function createNodeClassifier(
  models: string | ModelBundle | readonly (string | ModelBundle)[],
  options: NodeClassifierOptions = {},
): Promise<Classifier> {
  const list = Array.isArray(models)
    ? (models as readonly (string | ModelBundle)[])
    : [models as string | ModelBundle];
  // A card path or a display name only makes sense for a single model file.
  const { card, file, ...rest } = options;
  const single = list.length === 1 ? { ...rest, card, file } : rest;
  const bundles = await Promise.all(list.map((m) => (typeof m === "string" ? loadBundleFile(m, single) : m)));
  const ort = options.ort ?? (await loadNodeRuntime());
  const settings = { executionProviders: ["cpu"], ...rest };
  // A bioimage.io package carries test tensors: a model that cannot reproduce them is not used.
  for (const bundle of bundles) {
    if (isBioimageioBundle(bundle) && bundle.bioimageio.selfCheck)
      await selfCheckBioimageio(ort, bundle, settings);
  }
  return createClassifier(ort, bundles, settings);
}
