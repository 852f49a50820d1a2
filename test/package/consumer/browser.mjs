// The browser entry a bundler sees: only browser-safe code from @persist/ctc/web, the runtime injected.
import * as web from "@persist/ctc/web";

/** Everything the web entry exports (kept, so the bundle holds all of it). */
export const exportNames = Object.keys(web).sort();

/**
 * Classify cell files with a model bundle, as a page would after reading them.
 *
 * @param ort - the onnxruntime-web namespace
 * @param model - bytes of the model bundle
 * @param files - `{ name, bytes }` of cell images
 * @returns probabilities per cell
 */
export async function classifyFiles(ort, model, files) {
  web.configureWebRuntime(ort, { threads: 1 });
  const bundle = await web.readBundle(model, { file: "model.zip" });
  const classifier = await web.createClassifier(ort, bundle, { executionProviders: ["wasm"] });
  const cells = files.map((f) => web.readImage(f.bytes, { file: f.name }));
  const predictions = await classifier.classify(cells);
  await classifier.release();
  return predictions.map((p) => p.probabilities);
}
