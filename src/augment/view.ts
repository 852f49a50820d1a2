import { allocPixels, dtypeOf, type PixelArray } from "../core/dtype";
import { type ChannelStack, createStack } from "../core/stack";

/**
 * A stack seen through strides: pixel `(c, y, x)` of the view is
 * `source.data[c * source.height * source.width + origin + y * rowStride + x * colStride]`.
 *
 * The eight dihedral elements of a stack are views of its pixels (as NumPy's `rot90` and `flip` return
 * views), so a pipeline hands a flip or a quarter turn to the next step, which reads through it, instead
 * of copying every pixel first.
 */
export interface StackView<A extends PixelArray = PixelArray> {
  /** The stack whose pixels are read; its channels and pixel size are the view's. */
  readonly source: ChannelStack<A>;
  /** Height of the view in pixels. */
  readonly height: number;
  /** Width of the view in pixels. */
  readonly width: number;
  /** Index in a channel's plane of the view's pixel (0, 0). */
  readonly origin: number;
  /** Index step from one row of the view to the next. */
  readonly rowStride: number;
  /** Index step from one column of the view to the next. */
  readonly colStride: number;
}

/**
 * A stack as a view of itself.
 *
 * @param stack - the stack
 * @returns the identity view
 */
export function viewOf<A extends PixelArray>(stack: ChannelStack<A>): StackView<A> {
  return {
    source: stack,
    height: stack.height,
    width: stack.width,
    origin: 0,
    rowStride: stack.width,
    colStride: 1,
  };
}

/**
 * Whether a view shows its source as it is, so its pixels are the source's own.
 *
 * @param view - the view
 * @returns true for the identity view
 */
export function isIdentity(view: StackView): boolean {
  return (
    view.origin === 0 &&
    view.colStride === 1 &&
    view.rowStride === view.width &&
    view.height === view.source.height &&
    view.width === view.source.width
  );
}

/**
 * A dihedral element applied to a view, as another view of the same pixels (see `dihedral` for the
 * element order). Output pixel `(i, j)` reads the input at `(y0 + i yi + j yj, x0 + i xi + j xj)`.
 *
 * @param view - input view
 * @param k - element, an integer 0..7 (not checked here)
 * @returns the turned or flipped view
 */
export function dihedralView<A extends PixelArray>(view: StackView<A>, k: number): StackView<A> {
  const { height: h, width: w } = view;
  const turns = k % 4;
  const [y0, yi, yj, x0, xi, xj] =
    turns === 0
      ? [0, 1, 0, 0, 0, 1]
      : turns === 1
        ? [0, 0, 1, w - 1, -1, 0]
        : turns === 2
          ? [h - 1, -1, 0, w - 1, 0, -1]
          : [h - 1, 0, -1, 0, 1, 0];
  // A left-right flip before the turn maps x to w - 1 - x.
  const [fx0, fxi, fxj] = k >= 4 ? [w - 1 - x0, -xi, -xj] : [x0, xi, xj];
  const { origin, rowStride: rs, colStride: cs } = view;
  return {
    source: view.source,
    height: turns % 2 === 1 ? w : h,
    width: turns % 2 === 1 ? h : w,
    origin: origin + y0 * rs + fx0 * cs,
    rowStride: yi * rs + fxi * cs,
    colStride: yj * rs + fxj * cs,
  };
}

/**
 * The pixels of a view as a stack: its source itself when the view is the identity, otherwise a copy.
 *
 * @param view - the view
 * @returns a stack of the view's size, channels and dtype
 */
export function materialize<A extends PixelArray>(view: StackView<A>): ChannelStack<A> {
  const { source, height, width, rowStride, colStride } = view;
  if (isIdentity(view)) return source;
  const { data } = source;
  const plane = source.height * source.width;
  const out = allocPixels(dtypeOf(data), source.channels.length * height * width) as A;
  let o = 0;
  for (let c = 0; c < source.channels.length; c++) {
    let row = c * plane + view.origin;
    for (let i = 0; i < height; i++) {
      let s = row;
      for (let j = 0; j < width; j++) {
        out[o++] = data[s];
        s += colStride;
      }
      row += rowStride;
    }
  }
  return createStack(out, { ...source, height, width });
}
