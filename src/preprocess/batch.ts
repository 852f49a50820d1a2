import type { Batch } from "../core/batch";
import { CtcError } from "../core/errors";
import { outputArray } from "../core/output";
import type { ChannelStack } from "../core/stack";
import { createPreprocessor, type Preprocessor } from "./pipeline";
import type { PreprocessSpec } from "./spec";

/** Options for {@link packBatch} and {@link preprocessBatch}. */
export interface BatchOptions {
  /**
   * A buffer to fill and reuse from batch to batch; it may be longer than needed (the batch is then a
   * view of its start), so one buffer sized for the largest batch serves a short last batch too.
   */
  readonly out?: Float32Array;
}

function checkCount(count: number): void {
  if (count === 0) {
    throw new CtcError("INVALID_ARGUMENT", "a batch needs at least one image", {
      field: "stacks",
      expected: "at least 1",
      actual: 0,
    });
  }
}

/**
 * Pack stacks into one N x C x H x W float32 batch, writing each straight into its slot (converting
 * from any dtype on the way) with no intermediate copy.
 *
 * @param stacks - images with the same channels (same order) and size
 * @param options - a buffer to reuse
 * @returns the batch
 * @throws {@link CtcError} `SHAPE_MISMATCH` naming the first image whose channels or size differ from
 * the first one's, or for a short `out`; `INVALID_ARGUMENT` for an empty list
 */
export function packBatch(stacks: readonly ChannelStack[], options: BatchOptions = {}): Batch {
  checkCount(stacks.length);
  const { channels, height, width } = stacks[0];
  const slot = channels.length * height * width;
  const data = outputArray(options.out, stacks.length * slot);
  stacks.forEach((stack, cell) => {
    const sameChannels =
      stack.channels.length === channels.length && stack.channels.every((name, i) => name === channels[i]);
    if (!sameChannels || stack.height !== height || stack.width !== width) {
      throw new CtcError("SHAPE_MISMATCH", "all images of a batch need the same channels and size", {
        cell,
        field: "stacks",
        expected: `${channels.join(",")} x ${height} x ${width}`,
        actual: `${stack.channels.join(",")} x ${stack.height} x ${stack.width}`,
      });
    }
    data.set(stack.data, cell * slot);
  });
  return { data, shape: [stacks.length, channels.length, height, width], channels: [...channels] };
}

/**
 * Preprocess images straight into the slots of one batch: the fused path, with no per-image output
 * array and no packing copy.
 *
 * @param stacks - input images, any dtype; after preprocessing all must have the same size
 * @param spec - a spec, or a {@link Preprocessor} made from one (reused across batches, it also reuses
 * its intermediate buffers)
 * @param options - a buffer to reuse
 * @returns the batch, with the spec's channels
 * @throws {@link CtcError} `SHAPE_MISMATCH` when images would come out with different sizes (add a
 * resize step), and whatever {@link preprocess} throws, naming the cell
 * @example
 * ```ts
 * const pre = createPreprocessor(spec);
 * const batch = preprocessBatch(cells, pre, { out: reusable });
 * ```
 */
export function preprocessBatch(
  stacks: readonly ChannelStack[],
  spec: PreprocessSpec | Preprocessor,
  options: BatchOptions = {},
): Batch {
  checkCount(stacks.length);
  const pre = "run" in spec ? spec : createPreprocessor(spec);
  const { channels } = pre.spec;
  const { height, width } = pre.outputSize(stacks[0].height, stacks[0].width);
  const slot = channels.length * height * width;
  const data = outputArray(options.out, stacks.length * slot);
  stacks.forEach((stack, cell) => {
    const size = pre.outputSize(stack.height, stack.width);
    if (size.height !== height || size.width !== width) {
      throw new CtcError("SHAPE_MISMATCH", "images would come out with different sizes; add a resize step", {
        cell,
        field: "stacks",
        expected: `${height} x ${width}`,
        actual: `${size.height} x ${size.width}`,
      });
    }
    pre.run(stack, { out: data.subarray(cell * slot, (cell + 1) * slot), cell });
  });
  return { data, shape: [stacks.length, channels.length, height, width], channels: [...channels] };
}
