import type { Batch } from "../src/core/batch";
import { type ChannelStack, createStack } from "../src/core/stack";
import type { PreprocessSpec } from "../src/preprocess/spec";
import type { LabelledCells } from "./dataset";
import { type Augmenter, packStacks, preprocessCells, preprocessOne } from "./library";

/** Where augmentation runs: on the network input (after preprocessing, the default) or on raw cells. */
export type AugmentStage = "input" | "raw";

/** What one `batches` request asks for. */
export interface BatchRequest {
  /** Dataset indices, in the order to send them. */
  readonly indices: readonly number[];
  /** Cells per batch. */
  readonly batchSize: number;
  /** Augment (with the per-sample stream of `(seed, epoch, index)`) or not. */
  readonly augment: boolean;
  /** Seed of the augmentation streams. */
  readonly seed: number;
  /** Epoch of the augmentation streams. */
  readonly epoch: number;
}

/** One packed batch with its labels and dataset indices. */
export interface LabelledBatch {
  /** N x C x H x W network input. */
  readonly batch: Batch;
  /** Class per cell. */
  readonly labels: Int32Array;
  /** Dataset index per cell. */
  readonly indices: Int32Array;
}

/**
 * The network input of one cell, exactly as the trainer receives it: optional augmentation of the raw
 * cell, the spec's preprocessing (the same call the classifier makes at inference), optional
 * augmentation of the result.
 *
 * @param stack - the raw cell
 * @param index - its dataset index (keys its augmentation stream)
 * @param spec - the fold's preprocessing spec
 * @param augmenter - the compiled pipeline, when augmenting
 * @param stage - where the pipeline runs
 * @param seed - stream seed
 * @param epoch - stream epoch
 * @returns the preprocessed (and maybe augmented) stack
 */
export function networkInput(
  stack: ChannelStack,
  index: number,
  spec: PreprocessSpec,
  augmenter: Augmenter | undefined,
  stage: AugmentStage,
  seed: number,
  epoch: number,
): ChannelStack {
  let cell = stack;
  if (augmenter && stage === "raw") cell = augmenter(cell, seed, epoch, index);
  cell = preprocessOne(cell, spec);
  if (augmenter && stage === "input") cell = augmenter(cell, seed, epoch, index);
  return cell;
}

/**
 * The batches of one request, produced lazily so that the pipe's back-pressure paces the work.
 *
 * @param cells - the dataset
 * @param spec - the fold's preprocessing spec
 * @param augmenter - the compiled pipeline (used when the request augments)
 * @param stage - where the pipeline runs
 * @param request - indices, batch size, augmentation keys
 * @yields labelled batches
 */
export function* makeBatches(
  cells: LabelledCells,
  spec: PreprocessSpec,
  augmenter: Augmenter | undefined,
  stage: AugmentStage,
  request: BatchRequest,
): Generator<LabelledBatch> {
  const { indices, batchSize } = request;
  for (let start = 0; start < indices.length; start += batchSize) {
    const chunk = indices.slice(start, start + batchSize);
    const labels = Int32Array.from(chunk, (i) => cells.labels[i]);
    if (request.augment && augmenter && stage === "input") {
      // Preprocessed into one batch, then augmented slot by slot into a second: two arrays per batch
      // rather than three per cell, whose allocation costs about as much as the augmentation itself.
      const pre = preprocessCells(
        chunk.map((i) => cells.stacks[i]),
        spec,
      );
      const [, , height, width] = pre.shape;
      const slot = pre.data.length / chunk.length;
      const data = new Float32Array(pre.data.length);
      chunk.forEach((index, k) => {
        const cell = createStack(pre.data.subarray(k * slot, (k + 1) * slot), {
          channels: pre.channels,
          height,
          width,
        });
        augmenter(cell, request.seed, request.epoch, index, data.subarray(k * slot, (k + 1) * slot));
      });
      yield { batch: { ...pre, data }, labels, indices: Int32Array.from(chunk) };
      continue;
    }
    const inputs = chunk.map((i) =>
      networkInput(
        cells.stacks[i],
        i,
        spec,
        request.augment ? augmenter : undefined,
        stage,
        request.seed,
        request.epoch,
      ),
    );
    yield { batch: packStacks(inputs), labels, indices: Int32Array.from(chunk) };
  }
}
