import { dtypeOf, type PixelArray, type PixelDType } from "./dtype";
import { CtcError } from "./errors";

/**
 * A single cell or field image: C x H x W pixels in one typed array (channel-major, then rows), with the
 * name of every channel and, when known, the pixel size.
 *
 * Stacks are plain objects so they cross worker boundaries with `postMessage` and serialize cleanly.
 * Functions in this library never mutate a stack they are given; they return new ones.
 */
export interface ChannelStack<A extends PixelArray = PixelArray> {
  /** Pixel values, index `(c * height + y) * width + x`. */
  readonly data: A;
  /** One name per channel, in the order of the data (e.g. `["BF", "DAPI", "CK", "CD45"]`). */
  readonly channels: readonly string[];
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Edge length of one pixel in micrometres, when known. */
  readonly pixelSizeUm?: number;
}

/** Shape and metadata for {@link createStack}. */
export interface StackInit {
  /** One name per channel. Names must be unique. */
  readonly channels: readonly string[];
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Edge length of one pixel in micrometres. */
  readonly pixelSizeUm?: number;
}

function checkDimension(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new CtcError("INVALID_ARGUMENT", "dimension must be a non-negative integer", {
      field,
      expected: "integer >= 0",
      actual: value,
    });
  }
}

/**
 * Wrap pixel data as a {@link ChannelStack}, checking that its length matches C x H x W and that channel
 * names are unique. The data is not copied.
 *
 * @param data - C x H x W pixel values
 * @param init - channel names, height, width and optional pixel size
 * @returns the stack
 * @throws {@link CtcError} `SHAPE_MISMATCH` when the length is wrong, `INVALID_ARGUMENT` for bad sizes or
 * duplicate channel names
 */
export function createStack<A extends PixelArray>(data: A, init: StackInit): ChannelStack<A> {
  const { channels, height, width, pixelSizeUm } = init;
  checkDimension("height", height);
  checkDimension("width", width);
  const seen = new Set<string>();
  for (const name of channels) {
    if (typeof name !== "string" || name.length === 0) {
      throw new CtcError("INVALID_ARGUMENT", "channel names must be non-empty strings", {
        field: "channels",
        actual: channels,
      });
    }
    if (seen.has(name)) {
      throw new CtcError("INVALID_ARGUMENT", `channel name "${name}" appears twice`, {
        field: "channels",
        actual: channels,
      });
    }
    seen.add(name);
  }
  const expected = channels.length * height * width;
  if (data.length !== expected) {
    throw new CtcError("SHAPE_MISMATCH", "pixel data length does not match channels x height x width", {
      field: "data",
      expected: `${channels.length} x ${height} x ${width} = ${expected}`,
      actual: data.length,
    });
  }
  if (pixelSizeUm !== undefined && !(pixelSizeUm > 0 && Number.isFinite(pixelSizeUm))) {
    throw new CtcError("INVALID_ARGUMENT", "pixel size must be a positive number of micrometres", {
      field: "pixelSizeUm",
      actual: pixelSizeUm,
    });
  }
  const stack: ChannelStack<A> = { data, channels: [...channels], height, width };
  return pixelSizeUm === undefined ? stack : { ...stack, pixelSizeUm };
}

/**
 * The dtype of a stack's pixels.
 *
 * @param stack - a channel stack
 * @returns dtype name
 */
export function stackDType(stack: ChannelStack): PixelDType {
  return dtypeOf(stack.data);
}

/**
 * The pixels of one channel as a view (no copy) into the stack's data.
 *
 * @param stack - a channel stack
 * @param index - channel index
 * @returns H x W pixels of that channel
 */
export function channelPixels<A extends PixelArray>(stack: ChannelStack<A>, index: number): A {
  const plane = stack.height * stack.width;
  return stack.data.subarray(index * plane, (index + 1) * plane) as A;
}
