import { allocPixels, dtypeOf, dtypeRange, isIntegerDType, type PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";
import { outputArray } from "../core/output";
import { type ChannelStack, createStack } from "../core/stack";
import type { KernelChoice } from "../kernels/instance";
import { type StackView, viewOf } from "./view";
import { warpWasm } from "./wasm/warp";

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
  /** `"js"` to skip the WebAssembly kernels (bilinear affine warps of float32 stacks); default `"auto"`. */
  readonly kernels?: KernelChoice;
  /**
   * Where to write the result: an array of the source's pixel type with at least channels x height x width
   * values (the rest is left alone), not sharing memory with the source. A new array when absent.
   */
  readonly out?: PixelArray;
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
      // `%` is a library call in V8; within one period it would return its argument, so skip it there.
      let u = t > -period && t < period ? t : t % period;
      if (u < 0) u += period;
      return u > n - 1 ? period - u : u;
    }
    case "symmetric": {
      const period = 2 * n;
      const t2 = t + 0.5;
      let u = t2 > -period && t2 < period ? t2 : t2 % period;
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
 * A 2 x 3 affine matrix `[a, b, c, d, e, f]` mapping `(x, y)` to `(a x + b y + c, d x + e y + f)` in
 * pixel units.
 */
export type AffineMatrix = readonly [number, number, number, number, number, number];

const NO_COORDINATES = new Float64Array(0);

/**
 * The resampling kernel: for every output pixel, find its source coordinate (from the coordinate arrays
 * when given, otherwise from the affine matrix, with no arrays at all), fold it once, then interpolate
 * all channels from the same taps, read through the view's strides. One pass, no allocation but the
 * output. Each branch inside the loop is decided by the arguments alone, so it is predicted perfectly.
 */
function resample<A extends PixelArray>(
  view: StackView<A>,
  height: number,
  width: number,
  matrix: AffineMatrix,
  xs: Float64Array,
  ys: Float64Array,
  options: ResampleOptions,
): ChannelStack<A> {
  const nearest = (options.interpolation ?? "bilinear") === "nearest";
  const fill = options.fill ?? "reflect";
  const constant = fill === "constant";
  const { source, origin, rowStride: rs, colStride: cs } = view;
  const { data } = source;
  const srcH = view.height;
  const srcW = view.width;
  const channels = source.channels.length;
  const dtype = dtypeOf(data);
  const integer = isIntegerDType(dtype);
  const [lo, hi] = dtypeRange(dtype);
  const srcPlane = source.height * source.width;
  const length = height * width;
  const mapped = xs !== NO_COORDINATES;
  if (options.out !== undefined && options.out.buffer === data.buffer) {
    throw new CtcError("INVALID_ARGUMENT", "the output array shares memory with the source", {
      field: "out",
      expected: "an array of its own",
      actual: "a view of the source's buffer",
    });
  }
  const target = options.out && outputArray<A>(options.out as A, channels * length, dtype);
  if (!nearest && !mapped && options.kernels !== "js" && data instanceof Float32Array) {
    const into = target as Float32Array | undefined;
    const pixels = warpWasm(
      view as StackView<Float32Array>,
      matrix,
      height,
      width,
      fill,
      options.cval ?? 0,
      into,
    );
    if (pixels) return createStack(pixels as A, { ...source, height, width });
  }
  const out = target ?? (allocPixels(dtype, channels * length) as A);
  // Numbers read from a typed array stay raw doubles in optimized code; taken from an array or an
  // argument they are tagged values, unboxed again on every use inside the loops.
  const numbers = Float64Array.of(...matrix, options.cval ?? 0);
  const a = numbers[0];
  const b = numbers[1];
  const c = numbers[2];
  const d = numbers[3];
  const e = numbers[4];
  const f = numbers[5];
  const cval = numbers[6];
  for (let i = 0, k = 0; i < height; i++) {
    // The same operations, in the same order, as `a * x + b * y + c` per pixel.
    const bi = b * i;
    const ei = e * i;
    for (let j = 0; j < width; j++, k++) {
      let x = mapped ? xs[k] : a * j + bi + c;
      let y = mapped ? ys[k] : d * j + ei + f;
      // Every fill mode maps [0, n - 1] to itself, so only coordinates outside need folding.
      if (!(y >= 0 && y <= srcH - 1)) y = fold(y, srcH, fill);
      if (!(x >= 0 && x <= srcW - 1)) x = fold(x, srcW, fill);
      if (nearest) {
        let ry = Math.round(y);
        let rx = Math.round(x);
        let p = -1;
        if (!constant) {
          // Folded coordinates lie in [-0.5, n - 0.5]; rounding can step one pixel out.
          ry = ry < 0 ? 0 : ry >= srcH ? srcH - 1 : ry;
          rx = rx < 0 ? 0 : rx >= srcW ? srcW - 1 : rx;
          p = origin + ry * rs + rx * cs;
        } else if (ry >= 0 && ry < srcH && rx >= 0 && rx < srcW) {
          p = origin + ry * rs + rx * cs;
        }
        for (let ch = 0, s = 0, o = k; ch < channels; ch++, s += srcPlane, o += length) {
          const v = p < 0 ? cval : data[s + p];
          out[o] = integer ? roundClamp(v, lo, hi) : v;
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
      const p00 = origin + ya * rs + xa * cs;
      const p01 = origin + ya * rs + xb * cs;
      const p10 = origin + yb * rs + xa * cs;
      const p11 = origin + yb * rs + xb * cs;
      const fillPart = wc * cval;
      for (let ch = 0, s = 0, o = k; ch < channels; ch++, s += srcPlane, o += length) {
        // `| 0`: wrapping 32-bit index sums, for which V8 emits no overflow checks (a sixth of the time).
        const v =
          w00 * data[(s + p00) | 0] +
          w01 * data[(s + p01) | 0] +
          w10 * data[(s + p10) | 0] +
          w11 * data[(s + p11) | 0] +
          fillPart;
        out[o] = integer ? roundClamp(v, lo, hi) : v;
      }
    }
  }
  return createStack(out, { ...source, height, width });
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
  return resample(viewOf(stack), map.height, map.width, [1, 0, 0, 0, 1, 0], map.x, map.y, options);
}

/**
 * Resample every channel of a view through an affine map, computing source coordinates on the fly (no
 * coordinate arrays), like SciPy's `ndimage.affine_transform` with `order` 0 or 1. Coordinates are those
 * of the view, so a flipped or turned view is resampled without copying it first, with exactly the
 * result of resampling its copy.
 *
 * @param view - source view (integer results are rounded and clamped to the dtype's range)
 * @param inverse - output-to-source matrix, in the view's coordinates
 * @param size - output `height` and `width`
 * @param options - interpolation, fill mode and fill value
 * @returns a new stack with the same channels and dtype
 */
export function warpView<A extends PixelArray>(
  view: StackView<A>,
  inverse: AffineMatrix,
  size: { readonly height: number; readonly width: number },
  options: ResampleOptions = {},
): ChannelStack<A> {
  return resample(view, size.height, size.width, inverse, NO_COORDINATES, NO_COORDINATES, options);
}

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
  return warpView(viewOf(stack), inverse, size, options);
}
