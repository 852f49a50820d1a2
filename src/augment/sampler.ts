import { allocPixels, dtypeOf, dtypeRange, isIntegerDType, type PixelArray } from "../core/dtype";
import { type ChannelStack, createStack } from "../core/stack";

/** How a value between pixel centres is computed. */
export type Interpolation = "nearest" | "bilinear";

/**
 * What lies outside the image, named as NumPy's `np.pad` modes (and as the preprocessing `pad` step):
 * `constant` (SciPy `grid-constant`, PyTorch `zeros` when the value is 0), `edge` (SciPy `nearest`,
 * PyTorch `border`), `reflect` about the edge pixel centres, `d c b | a b c d` (SciPy `mirror`), and
 * `symmetric` about the image edge, `c b a | a b c d` (SciPy `reflect`, PyTorch `reflection` with
 * `align_corners=False`).
 */
export type Fill = "constant" | "edge" | "reflect" | "symmetric";

/** Interpolation and border handling of a resampling. */
export interface ResampleOptions {
  /** Default `bilinear`. */
  readonly interpolation?: Interpolation;
  /** Default `reflect`. */
  readonly fill?: Fill;
  /** Value outside the image for `constant`; default 0. */
  readonly cval?: number;
}

/** Output-to-source coordinates in pixel units (pixel centres at integers, x to the right, y down). */
export interface CoordinateMap {
  /** Output height. */
  readonly height: number;
  /** Output width. */
  readonly width: number;
  /** Source row of every output pixel, row-major. */
  readonly y: Float64Array;
  /** Source column of every output pixel, row-major. */
  readonly x: Float64Array;
}

/** Bring a coordinate into the range its fill mode reads from (`constant` is left alone). */
function fold(t: number, n: number, fill: Fill): number {
  switch (fill) {
    case "edge":
      return t < 0 ? 0 : Math.min(t, n - 1);
    case "reflect": {
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      let u = t % period;
      if (u < 0) u += period;
      return u > n - 1 ? period - u : u;
    }
    case "symmetric": {
      const period = 2 * n;
      let u = (t + 0.5) % period;
      if (u < 0) u += period;
      return (u > n ? period - u : u) - 0.5;
    }
    default:
      return t;
  }
}

/** Round half away from zero (SciPy's rule for integer outputs) and clamp to `[lo, hi]`. */
function roundClamp(v: number, lo: number, hi: number): number {
  const r = v < 0 ? -Math.round(-v) : Math.round(v);
  return r < lo ? lo : Math.min(r, hi);
}

/**
 * The resampling kernel: for every output pixel, fold its source coordinate once, then interpolate all
 * channels from the same taps. One pass, no per-pixel allocation, so multichannel warps stay cheap.
 */
function resample<A extends PixelArray>(
  stack: ChannelStack<A>,
  height: number,
  width: number,
  ys: Float64Array,
  xs: Float64Array,
  options: ResampleOptions,
): ChannelStack<A> {
  const interpolation = options.interpolation ?? "bilinear";
  const fill = options.fill ?? "reflect";
  const cval = options.cval ?? 0;
  const { data } = stack;
  const srcH = stack.height;
  const srcW = stack.width;
  const channels = stack.channels.length;
  const dtype = dtypeOf(data);
  const integer = isIntegerDType(dtype);
  const [lo, hi] = dtypeRange(dtype);
  const srcPlane = srcH * srcW;
  const length = height * width;
  const out = allocPixels(dtype, channels * length) as A;
  const constant = fill === "constant";
  for (let i = 0; i < length; i++) {
    // Every fill mode maps [0, n - 1] to itself, so only coordinates outside need folding.
    let y = ys[i];
    let x = xs[i];
    if (!(y >= 0 && y <= srcH - 1)) y = fold(y, srcH, fill);
    if (!(x >= 0 && x <= srcW - 1)) x = fold(x, srcW, fill);
    if (interpolation === "nearest") {
      let ry = Math.round(y);
      let rx = Math.round(x);
      let p = -1;
      if (!constant) {
        // Folded coordinates lie in [-0.5, n - 0.5]; rounding can step one pixel out.
        ry = ry < 0 ? 0 : ry >= srcH ? srcH - 1 : ry;
        rx = rx < 0 ? 0 : rx >= srcW ? srcW - 1 : rx;
        p = ry * srcW + rx;
      } else if (ry >= 0 && ry < srcH && rx >= 0 && rx < srcW) {
        p = ry * srcW + rx;
      }
      for (let c = 0; c < channels; c++) {
        const v = p < 0 ? cval : data[c * srcPlane + p];
        out[c * length + i] = integer ? roundClamp(v, lo, hi) : v;
      }
      continue;
    }
    const y0 = Math.floor(y);
    const x0 = Math.floor(x);
    const fy = y - y0;
    const fx = x - x0;
    let w00 = (1 - fy) * (1 - fx);
    let w01 = (1 - fy) * fx;
    let w10 = fy * (1 - fx);
    let w11 = fy * fx;
    let ya = y0;
    let yb = y0 + 1;
    let xa = x0;
    let xb = x0 + 1;
    let wc = 0;
    if (ya < 0 || yb >= srcH || xa < 0 || xb >= srcW) {
      if (constant) {
        // Taps outside the image take the fill value, with their bilinear weight (SciPy `grid-constant`).
        if (ya < 0 || ya >= srcH) {
          wc += w00 + w01;
          w00 = 0;
          w01 = 0;
        }
        if (yb < 0 || yb >= srcH) {
          wc += w10 + w11;
          w10 = 0;
          w11 = 0;
        }
        if (xa < 0 || xa >= srcW) {
          wc += w00 + w10;
          w00 = 0;
          w10 = 0;
        }
        if (xb < 0 || xb >= srcW) {
          wc += w01 + w11;
          w01 = 0;
          w11 = 0;
        }
        if (Number.isNaN(y + x)) wc = 1;
      }
      ya = ya < 0 ? 0 : ya >= srcH ? srcH - 1 : ya;
      yb = yb < 0 ? 0 : yb >= srcH ? srcH - 1 : yb;
      xa = xa < 0 ? 0 : xa >= srcW ? srcW - 1 : xa;
      xb = xb < 0 ? 0 : xb >= srcW ? srcW - 1 : xb;
    }
    const p00 = ya * srcW + xa;
    const p01 = ya * srcW + xb;
    const p10 = yb * srcW + xa;
    const p11 = yb * srcW + xb;
    const fillPart = wc * cval;
    for (let c = 0, s = 0, o = i; c < channels; c++, s += srcPlane, o += length) {
      const v =
        w00 * data[s + p00] + w01 * data[s + p01] + w10 * data[s + p10] + w11 * data[s + p11] + fillPart;
      out[o] = integer ? roundClamp(v, lo, hi) : v;
    }
  }
  return createStack(out, { ...stack, height, width });
}

/**
 * Resample every channel through an arbitrary output-to-source coordinate map, like SciPy's
 * `ndimage.map_coordinates` with `order` 0 or 1 (`prefilter` is irrelevant at these orders).
 *
 * @param stack - source stack (any dtype; integer results are rounded and clamped to the dtype's range)
 * @param map - source coordinates of every output pixel
 * @param options - interpolation, fill mode and fill value
 * @returns a new stack of `map.height x map.width` with the same channels and dtype
 */
export function remap<A extends PixelArray>(
  stack: ChannelStack<A>,
  map: CoordinateMap,
  options: ResampleOptions = {},
): ChannelStack<A> {
  return resample(stack, map.height, map.width, map.y, map.x, options);
}

/**
 * A 2 x 3 affine matrix `[a, b, c, d, e, f]` mapping `(x, y)` to `(a x + b y + c, d x + e y + f)` in
 * pixel units.
 */
export type AffineMatrix = readonly [number, number, number, number, number, number];

/**
 * Resample every channel through an affine map, computing source coordinates on the fly (no coordinate
 * arrays), like SciPy's `ndimage.affine_transform` with `order` 0 or 1.
 *
 * @param stack - source stack (integer results are rounded and clamped to the dtype's range)
 * @param inverse - output-to-source matrix
 * @param size - output `height` and `width`
 * @param options - interpolation, fill mode and fill value
 * @returns a new stack with the same channels and dtype
 */
export function warpAffine<A extends PixelArray>(
  stack: ChannelStack<A>,
  inverse: AffineMatrix,
  size: { readonly height: number; readonly width: number },
  options: ResampleOptions = {},
): ChannelStack<A> {
  const [a, b, c, d, e, f] = inverse;
  const { height, width } = size;
  const ys = new Float64Array(height * width);
  const xs = new Float64Array(height * width);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      xs[i] = a * x + b * y + c;
      ys[i] = d * x + e * y + f;
    }
  }
  return resample(stack, height, width, ys, xs, options);
}
