import { dtypeOf, type PixelArray, type PixelDType } from "../core/dtype";
import { CtcError } from "../core/errors";
import { type ChannelStack, createStack } from "../core/stack";

/** Element types an {@link NdArray} can hold: the pixel dtypes plus NumPy's `bool` (stored as bytes 0/1). */
export type ArrayDType = PixelDType | "bool";

/** An n-dimensional array in C order (last axis fastest), as NumPy files hold them. */
export interface NdArray {
  /** Elements in C order; a `Uint8Array` of 0/1 for `bool`. */
  readonly data: PixelArray;
  /** Size along each axis; `[]` for a 0-d array (one element). */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: ArrayDType;
}

/**
 * View a C x H x W (or H x W, one channel) array as a channel stack, without copying.
 *
 * @param array - a 2-d or 3-d array
 * @param options - channel names (one per channel; default `ch0`, `ch1`, ...), file name for errors
 * @returns the stack
 * @throws {@link CtcError} `SHAPE_MISMATCH` for other ranks or a wrong number of names,
 * `UNSUPPORTED_DTYPE` for `bool`
 */
export function arrayToStack(
  array: NdArray,
  options: { channels?: readonly string[]; file?: string } = {},
): ChannelStack {
  const { file } = options;
  if (array.dtype === "bool") {
    throw new CtcError("UNSUPPORTED_DTYPE", "a boolean array is not an image", { file, actual: "bool" });
  }
  if (array.shape.length !== 2 && array.shape.length !== 3) {
    throw new CtcError("SHAPE_MISMATCH", "an image array must be C x H x W or H x W", {
      file,
      field: "shape",
      expected: "2 or 3 axes",
      actual: array.shape,
    });
  }
  const [count, height, width] = array.shape.length === 3 ? array.shape : [1, ...array.shape];
  const channels = options.channels ?? Array.from({ length: count }, (_, c) => `ch${c}`);
  if (channels.length !== count) {
    throw new CtcError("SHAPE_MISMATCH", "channel names do not match the channel axis", {
      file,
      field: "channels",
      expected: count,
      actual: channels.length,
    });
  }
  return createStack(array.data, { channels, height, width });
}

/**
 * Split an N x C x H x W array (a batch of cells, as Python pipelines save them) into N stacks that are
 * views into the array's memory.
 *
 * @param array - a 4-d array
 * @param options - channel names (default `ch0`, ...), file name for errors
 * @returns one stack per cell
 * @throws {@link CtcError} `SHAPE_MISMATCH` when the array is not 4-d or names do not match C
 */
export function arrayToStacks(
  array: NdArray,
  options: { channels?: readonly string[]; file?: string } = {},
): ChannelStack[] {
  if (array.shape.length !== 4) {
    throw new CtcError("SHAPE_MISMATCH", "a batch of cells must be N x C x H x W", {
      file: options.file,
      field: "shape",
      expected: "4 axes",
      actual: array.shape,
    });
  }
  const [n, c, h, w] = array.shape;
  const size = c * h * w;
  return Array.from({ length: n }, (_, i) =>
    arrayToStack(
      { data: array.data.subarray(i * size, (i + 1) * size), shape: [c, h, w], dtype: array.dtype },
      options,
    ),
  );
}

/**
 * A stack as a C x H x W array sharing its memory, ready for {@link writeNpy}.
 *
 * @param stack - a channel stack
 * @returns the array
 */
export function stackToArray(stack: ChannelStack): NdArray {
  return {
    data: stack.data,
    shape: [stack.channels.length, stack.height, stack.width],
    dtype: dtypeOf(stack.data),
  };
}
