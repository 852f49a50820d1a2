/**
 * Runs in the page (bundled by augment-kernels.test.ts): the default training pipeline on a fixed cell,
 * with the kernels the engine allows and with the JavaScript kernels, for the test to compare with Node.
 */
import { DEFAULT_TRAINING_PIPELINE } from "../../src/augment/defaults";
import { augment, parseAugmentPipeline } from "../../src/augment/pipeline";
import { kernelInstance } from "../../src/kernels/instance";
import { PROBE_SAMPLES, probeCell } from "./augment-cell";

const pipeline = parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE);
const cell = probeCell();
const run = (kernels: "auto" | "js") =>
  Array.from({ length: PROBE_SAMPLES }, (_, index) =>
    Array.from(augment(cell, pipeline, { seed: 4, index, kernels }).stack.data),
  );
(globalThis as { probe?: unknown }).probe = {
  wasm: kernelInstance() !== undefined,
  auto: run("auto"),
  js: run("js"),
};
// A selector the test waits for: polling a function would need `new Function`, which the policy blocks.
document.documentElement.dataset.state = "done";
