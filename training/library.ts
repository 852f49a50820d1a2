/**
 * The one place where the trainer's Node side reaches into the library. Every pixel operation,
 * splitter, metric and model call below is the library's own; this file only adapts signatures, so
 * that a change of a library API touches one file here.
 */

import { augment, DEFAULT_TRAINING_PIPELINE, parseAugmentPipeline } from "../src/augment/index";
import type { Batch } from "../src/core/batch";
import type { ChannelStack } from "../src/core/stack";
import { stratifiedGroupKFold, stratifiedKFold } from "../src/metrics/split";
import { createPreprocessor, type Preprocessor, packBatch, preprocessBatch } from "../src/preprocess/index";
import type { PreprocessSpec } from "../src/preprocess/spec";
import { generateCells, resolveConfig } from "../src/synth/index";
import type { PresetName } from "../src/synth/presets";
import type { DataSource } from "./config";
import type { LabelledCells } from "./dataset";

export type { ModelCardInit } from "../src/classify/index";
export { createClassifier, readBundle, writeBundle } from "../src/classify/index";
export { meanStd } from "../src/metrics/aggregate";
export {
  accuracyScore,
  balancedAccuracyScore,
  f1Score,
  precisionScore,
  recallScore,
} from "../src/metrics/classification";
export { confusionMatrix } from "../src/metrics/confusion";
export { averagePrecisionScore } from "../src/metrics/pr";
export { rocAucScore } from "../src/metrics/roc";
export { thresholdMaxF1 } from "../src/metrics/thresholds";

/** Train/test indices of one split, as plain arrays. */
export interface Split {
  readonly train: number[];
  readonly test: number[];
}

/**
 * Stratified k-fold (the library's, shuffled with the run seed).
 *
 * @param labels - class per cell
 * @param k - number of folds
 * @param seed - shuffle seed
 * @returns the folds
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Split[] {
  return stratifiedKFold(Array.from(labels), { nSplits: k, shuffle: true, seed }).map((f) => ({
    train: Array.from(f.train),
    test: Array.from(f.test),
  }));
}

/**
 * Stratified group k-fold (the library's): no group in two folds.
 *
 * @param labels - class per cell
 * @param groups - group per cell
 * @param k - number of folds
 * @param seed - shuffle seed
 * @returns the folds
 */
export function groupFolds(
  labels: ArrayLike<number>,
  groups: readonly number[],
  k: number,
  seed: number,
): Split[] {
  return stratifiedGroupKFold(Array.from(labels), groups, { nSplits: k, shuffle: true, seed }).map((f) => ({
    train: Array.from(f.train),
    test: Array.from(f.test),
  }));
}

/**
 * A compiled augmentation pipeline that maps a stack and its generator to an augmented stack, written into
 * `out` when given (a batch slot).
 */
export type Augmenter = (
  stack: ChannelStack,
  seed: number,
  epoch: number,
  index: number,
  out?: Float32Array,
) => ChannelStack;

/**
 * Compile the configuration's `augment` entry with the library: `true` is the library's default
 * training pipeline, an object is a pipeline JSON, anything else is no augmentation.
 *
 * @param spec - the configuration entry
 * @returns the augmenter, or undefined
 */
export function makeAugmenter(spec: unknown): Augmenter | undefined {
  if (spec === undefined || spec === null || spec === false) return undefined;
  const pipeline = parseAugmentPipeline(spec === true ? DEFAULT_TRAINING_PIPELINE : spec);
  return (stack, seed, epoch, index, out) => augment(stack, pipeline, { seed, epoch, index, out }).stack;
}

/**
 * Pack preprocessed stacks into one N x C x H x W batch (the library's `packBatch`).
 *
 * @param stacks - preprocessed cells of one size
 * @returns the batch
 */
export function packStacks(stacks: readonly ChannelStack[]): Batch {
  return packBatch(stacks);
}

const preprocessors = new WeakMap<PreprocessSpec, Preprocessor>();

/** The compiled spec, cached per spec object (it also keeps its intermediate buffers). */
function preprocessorFor(spec: PreprocessSpec): Preprocessor {
  let pre = preprocessors.get(spec);
  if (pre === undefined) {
    pre = createPreprocessor(spec);
    preprocessors.set(spec, pre);
  }
  return pre;
}

/**
 * Preprocess one stack with the spec (the library's `preprocess`, with the compiled spec cached).
 *
 * @param stack - a cell
 * @param spec - preprocessing spec
 * @returns the network-ready float stack
 */
export function preprocessOne(stack: ChannelStack, spec: PreprocessSpec): ChannelStack<Float32Array> {
  return preprocessorFor(spec).run(stack);
}

/**
 * Preprocess cells straight into one batch (the library's `preprocessBatch`, with the compiled spec
 * cached): the same values as {@link preprocessOne} per cell, packed, without a per-cell array.
 *
 * @param stacks - raw cells
 * @param spec - preprocessing spec
 * @returns the N x C x H x W batch
 */
export function preprocessCells(stacks: readonly ChannelStack[], spec: PreprocessSpec): Batch {
  return preprocessBatch(stacks, preprocessorFor(spec));
}

/**
 * Labelled cells from the library's simulator: binary labels as the simulator records them (label noise
 * included, as an annotator's would be).
 *
 * @param source - preset, its overrides, number of cells, seed
 * @returns the cells with CTC / non-CTC labels
 */
export function simulateLabelledCells(source: Extract<DataSource, { kind: "synth" }>): LabelledCells {
  const config = resolveConfig({ ...source.options, preset: source.preset as PresetName });
  const stacks: ChannelStack[] = [];
  const labels: number[] = [];
  for (const cell of generateCells(source.seed, config, { count: source.cells })) {
    stacks.push(cell.stack);
    labels.push(cell.truth.label === "CTC" ? 1 : 0);
  }
  return {
    stacks,
    labels: Int32Array.from(labels),
    classes: ["non-CTC", "CTC"],
    description: `@persist/ctc simulator, preset "${source.preset}"${
      source.options === undefined ? "" : ` with ${JSON.stringify(source.options)}`
    }, ${source.cells} cells, seed ${source.seed}`,
  };
}
