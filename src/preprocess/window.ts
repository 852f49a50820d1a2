import { allocPixels, dtypeOf, type PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";
import type { ChannelStack } from "../core/stack";
import { checkNotEmpty, checkSize, derivedStack } from "./common";
import type { PadMode } from "./spec";

/** Border handling for pixels outside the image. */
export interface BorderOptions {
  /** As NumPy's `np.pad`: `constant` fills with `value`, `edge` repeats the edge, `reflect` mirrors
   * without repeating the edge (`[1, 2, 3]` -> `... 3, 2, | 1, 2, 3 | 2, 1 ...`); default `constant`. */
  readonly mode?: PadMode;
  /** Fill value for `constant`, converted to the output dtype; default 0. */
  readonly value?: number;
}

/** Output buffer option of the window functions. */
export interface WindowOutput<A extends PixelArray> {
  /** Where to write the C x height x width result (its dtype wins); a new array of the input's dtype
   * when absent. */
  readonly out?: A;
}

/**
 * Source index of position `i` on an axis of `n` pixels, or -1 for the constant fill. `reflect` is
 * periodic with period `2(n - 1)`, which is what `np.pad` produces by reflecting repeatedly when the
 * padding is wider than the image; a single pixel reflects onto itself, as in NumPy.
 */
function borderIndex(i: number, n: number, mode: PadMode): number {
  if (i >= 0 && i < n) return i;
  if (mode === "edge") return i < 0 ? 0 : n - 1;
  if (mode === "reflect") {
    if (n === 1) return 0;
    const period = 2 * (n - 1);
    const m = ((i % period) + period) % period;
    return m < n ? m : period - m;
  }
  return -1;
}

/**
 * Copy the window with top-left corner (top, left) and the given size, reading outside the image
 * through the border mode. Rows fully inside the image are copied with `set`, which also converts dtypes.
 */
function copyWindow<A extends PixelArray>(
  stack: ChannelStack,
  top: number,
  left: number,
  height: number,
  width: number,
  border: BorderOptions & WindowOutput<A>,
): A {
  const { data, height: h, width: w } = stack;
  const mode = border.mode ?? "constant";
  const length = stack.channels.length * height * width;
  const out = windowOutput(border.out, (border.out ?? data) as A, length);
  const xs = new Int32Array(width);
  for (let ox = 0; ox < width; ox++) xs[ox] = borderIndex(left + ox, w, mode);
  const inside = left >= 0 && left + width <= w;
  const value = border.value ?? 0;
  let o = 0;
  for (let c = 0; c < stack.channels.length; c++) {
    for (let oy = 0; oy < height; oy++, o += width) {
      const sy = borderIndex(top + oy, h, mode);
      if (sy < 0) {
        out.fill(value, o, o + width);
        continue;
      }
      const row = (c * h + sy) * w;
      if (inside) {
        out.set(data.subarray(row + left, row + left + width), o);
        continue;
      }
      for (let ox = 0; ox < width; ox++) out[o + ox] = xs[ox] < 0 ? value : data[row + xs[ox]];
    }
  }
  return out;
}

function windowOutput<A extends PixelArray>(out: A | undefined, like: A, length: number): A {
  if (out === undefined) return allocPixels(dtypeOf(like), length) as A;
  if (out.length < length) {
    throw new CtcError("SHAPE_MISMATCH", "output array is too short", {
      field: "out",
      expected: `at least ${length} elements`,
      actual: out.length,
    });
  }
  return out.subarray(0, length) as A;
}

/**
 * Cut the central `height x width` window. When the size difference is odd the extra row (column) is
 * dropped at the bottom (right): the window starts at `floor((H - height) / 2)`, the same split that
 * {@link pad} uses, so `centerCrop(pad(x))` gives back `x`.
 *
 * @param stack - input stack
 * @param options - window size and optional output array
 * @returns a stack of the same dtype (or `out`'s)
 * @throws {@link CtcError} `SHAPE_MISMATCH` when the image is smaller than the window,
 * `INVALID_ARGUMENT` for a size below 1 or an empty image
 */
export function centerCrop<A extends PixelArray>(
  stack: ChannelStack<A>,
  options: { readonly height: number; readonly width: number } & WindowOutput<A>,
): ChannelStack<A> {
  const { height, width } = options;
  checkNotEmpty(stack);
  checkSize("height", height);
  checkSize("width", width);
  if (stack.height < height || stack.width < width) {
    throw new CtcError("SHAPE_MISMATCH", "image is smaller than the crop; pad it first", {
      field: "center_crop",
      expected: `at least ${height} x ${width}`,
      actual: `${stack.height} x ${stack.width}`,
    });
  }
  const top = Math.floor((stack.height - height) / 2);
  const left = Math.floor((stack.width - width) / 2);
  const data = copyWindow(stack, top, left, height, width, options);
  return derivedStack(stack, data, height, width, stack.pixelSizeUm);
}

/** Options for {@link pad}. */
export interface PadOptions<A extends PixelArray> extends BorderOptions, WindowOutput<A> {
  /** Minimum output height. */
  readonly height: number;
  /** Minimum output width. */
  readonly width: number;
}

/**
 * Pad to at least `height x width`, as `np.pad` with the same mode. Each axis grows by
 * `max(0, size - current)`, split as `floor(d / 2)` before and the rest after; an axis already large
 * enough is left as is (the result is always a copy).
 *
 * @param stack - input stack
 * @param options - minimum size, border mode, fill value and optional output array
 * @returns a stack of the same dtype (or `out`'s)
 * @throws {@link CtcError} `INVALID_ARGUMENT` for a size below 1 or an empty image
 */
export function pad<A extends PixelArray>(stack: ChannelStack<A>, options: PadOptions<A>): ChannelStack<A> {
  checkNotEmpty(stack);
  checkSize("height", options.height);
  checkSize("width", options.width);
  const height = Math.max(stack.height, options.height);
  const width = Math.max(stack.width, options.width);
  const top = -Math.floor((height - stack.height) / 2);
  const left = -Math.floor((width - stack.width) / 2);
  const data = copyWindow(stack, top, left, height, width, options);
  return derivedStack(stack, data, height, width, stack.pixelSizeUm);
}

/** Options for {@link cropAt}. */
export interface CropAtOptions<A extends PixelArray> extends BorderOptions, WindowOutput<A> {
  /** Window height. */
  readonly height: number;
  /** Window width. */
  readonly width: number;
}

/** A window cut by {@link cropAt}. */
export interface CroppedWindow<A extends PixelArray> {
  /** The window's pixels. */
  readonly stack: ChannelStack<A>;
  /** True when part of the window lay outside the image and was filled by the border mode. */
  readonly touchesBorder: boolean;
  /** Image row of the window's top edge (negative when it starts above the image). */
  readonly top: number;
  /** Image column of the window's left edge. */
  readonly left: number;
}

/**
 * Cut a fixed-size window centred at a point (e.g. a detected cell in a field image). The point is
 * rounded to the nearest pixel (halves up, as `Math.round`); the window spans `round(y) - floor(height / 2)` to
 * `round(y) - floor(height / 2) + height - 1`, so for an even size the point lands just below and
 * right of the window's centre. Pixels outside the image come from the border mode.
 *
 * @param stack - input stack
 * @param point - centre, in pixel coordinates (`y` down, `x` right)
 * @param options - window size, border mode, fill value and optional output array
 * @returns the window, its position and whether it touched the border
 * @throws {@link CtcError} `INVALID_ARGUMENT` for a size below 1, a non-finite point or an empty image
 * @example
 * ```ts
 * const { stack: cell, touchesBorder } = cropAt(field, { y: 412.6, x: 90.2 }, { height: 96, width: 96 });
 * ```
 */
export function cropAt<A extends PixelArray>(
  stack: ChannelStack<A>,
  point: { readonly y: number; readonly x: number },
  options: CropAtOptions<A>,
): CroppedWindow<A> {
  const { height, width } = options;
  checkNotEmpty(stack);
  checkSize("height", height);
  checkSize("width", width);
  if (!(Number.isFinite(point.y) && Number.isFinite(point.x))) {
    throw new CtcError("INVALID_ARGUMENT", "point must have finite coordinates", {
      field: "point",
      actual: point,
    });
  }
  const top = Math.round(point.y) - Math.floor(height / 2);
  const left = Math.round(point.x) - Math.floor(width / 2);
  const touchesBorder = top < 0 || left < 0 || top + height > stack.height || left + width > stack.width;
  const data = copyWindow(stack, top, left, height, width, options);
  return { stack: derivedStack(stack, data, height, width, stack.pixelSizeUm), touchesBorder, top, left };
}
