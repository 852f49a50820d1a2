import { allocPixels, dtypeOf, type PixelArray } from "./dtype";
import { CtcError } from "./errors";
import { type ChannelStack, createStack } from "./stack";

/**
 * The structural shape of a scijs `ndarray`. Declared here so the core never imports `ndarray` (which
 * builds its accessors with `new Function`, forbidden on strict Content-Security-Policy pages).
 */
export interface NdarrayLike<A = PixelArray> {
  /** Backing typed array. */
  readonly data: A;
  /** Size along each axis. */
  readonly shape: readonly number[];
  /** Step in elements along each axis. */
  readonly stride: readonly number[];
  /** Index of element (0, ..., 0) in `data`. */
  readonly offset: number;
}

/** The `ndarray` factory function (the default export of the `ndarray` package), passed in by the caller. */
export type NdarrayFactory<A = PixelArray> = (
  data: A,
  shape: number[],
  stride?: number[],
  offset?: number,
) => NdarrayLike<A>;

/**
 * View a stack as a C x H x W `ndarray`, without copying.
 *
 * @param stack - a channel stack
 * @param ndarray - the `ndarray` package's default export
 * @returns an ndarray over the same memory
 * @example
 * ```ts
 * import ndarray from "ndarray";
 * const nd = toNdarray(stack, ndarray);
 * ```
 */
export function toNdarray<A extends PixelArray>(
  stack: ChannelStack<A>,
  ndarray: NdarrayFactory<A>,
): NdarrayLike<A> {
  return ndarray(stack.data, [stack.channels.length, stack.height, stack.width]);
}

/**
 * Make a stack from a 3-d (C x H x W) or 2-d (H x W, one channel) `ndarray`. Zero-copy when the array is
 * C-contiguous; any other layout (transposed, sliced, stepped) is copied into C order.
 *
 * @param array - an ndarray (or anything with `data`, `shape`, `stride`, `offset`)
 * @param channels - one name per channel
 * @param pixelSizeUm - optional pixel size in micrometres
 * @returns the stack
 * @throws {@link CtcError} `SHAPE_MISMATCH` when the rank or channel count is wrong
 */
export function fromNdarray<A extends PixelArray>(
  array: NdarrayLike<A>,
  channels: readonly string[],
  pixelSizeUm?: number,
): ChannelStack<A> {
  const rank = array.shape.length;
  if (rank !== 2 && rank !== 3) {
    throw new CtcError("SHAPE_MISMATCH", "ndarray must be C x H x W or H x W", {
      field: "shape",
      expected: "rank 2 or 3",
      actual: array.shape,
    });
  }
  const shape = rank === 3 ? array.shape : [1, ...array.shape];
  const stride = rank === 3 ? array.stride : [0, ...array.stride];
  const [c, h, w] = shape;
  if (channels.length !== c) {
    throw new CtcError("SHAPE_MISMATCH", "channel names do not match the ndarray's channel axis", {
      field: "channels",
      expected: c,
      actual: channels.length,
    });
  }
  const init = { channels, height: h, width: w, pixelSizeUm };
  const contiguous = stride[2] === 1 && stride[1] === w && (c === 1 || stride[0] === h * w);
  if (contiguous) {
    return createStack(array.data.subarray(array.offset, array.offset + c * h * w) as A, init);
  }
  const out = allocPixels(dtypeOf(array.data), c * h * w) as A;
  let i = 0;
  for (let k = 0; k < c; k++) {
    for (let y = 0; y < h; y++) {
      const row = array.offset + k * stride[0] + y * stride[1];
      for (let x = 0; x < w; x++) out[i++] = array.data[row + x * stride[2]];
    }
  }
  return createStack(out, init);
}
