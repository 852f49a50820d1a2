import type { PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";
import type { ChannelStack } from "../core/stack";

/**
 * Reject zero-size images: their percentiles and means are undefined and no model takes them, so every
 * preprocessing function fails loudly rather than passing an empty tensor along.
 *
 * @param stack - a channel stack
 * @param context - the cell index, for the error message
 * @throws {@link CtcError} `INVALID_ARGUMENT` when height or width is 0 or there are no channels
 */
export function checkNotEmpty(stack: ChannelStack, context: { cell?: number } = {}): void {
  if (stack.height === 0 || stack.width === 0 || stack.channels.length === 0) {
    throw new CtcError("INVALID_ARGUMENT", "image is empty", {
      ...context,
      field: "channels x height x width",
      expected: "at least 1 x 1 x 1",
      actual: `${stack.channels.length} x ${stack.height} x ${stack.width}`,
    });
  }
}

/**
 * A stack over new pixels with the channels of another, built as a literal: shapes are known correct
 * here, so the checks of `createStack` would only cost time per cell.
 *
 * @param like - the stack whose channel names are kept
 * @param data - the new pixels
 * @param height - new height
 * @param width - new width
 * @param pixelSizeUm - new pixel size, or undefined when unknown
 * @returns the stack
 */
export function derivedStack<A extends PixelArray>(
  like: ChannelStack,
  data: A,
  height: number,
  width: number,
  pixelSizeUm: number | undefined,
): ChannelStack<A> {
  const stack = { data, channels: like.channels, height, width };
  return pixelSizeUm === undefined ? stack : { ...stack, pixelSizeUm };
}

/**
 * Check that a size is a positive integer.
 *
 * @param field - option name, for the error
 * @param value - the size
 * @throws {@link CtcError} `INVALID_ARGUMENT` otherwise
 */
export function checkSize(field: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new CtcError("INVALID_ARGUMENT", "size must be a positive integer", {
      field,
      expected: "integer >= 1",
      actual: value,
    });
  }
}
