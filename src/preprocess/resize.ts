import { CtcError } from "../core/errors";
import { outputArray } from "../core/output";
import type { ChannelStack } from "../core/stack";
import { checkNotEmpty, checkSize, derivedStack } from "./common";
import type { Affine } from "./normalize";
import type { ResizeMode } from "./spec";

/** Options for {@link resize}. */
export interface ResizeOptions {
  /** Output height, at least 1. */
  readonly height: number;
  /** Output width, at least 1. */
  readonly width: number;
  /** Interpolation. */
  readonly mode: ResizeMode;
  /** Where to write the C x height x width result; a new array when absent. */
  readonly out?: Float32Array;
}

/**
 * A resampling filter along one axis: each output index reads `taps` source indices with weights
 * (entries `o * taps + k`). Bilinear has two taps; area as many as its widest bin, with zero weights
 * padding the narrower bins.
 */
interface AxisFilter {
  readonly taps: number;
  readonly index: Int32Array;
  readonly weight: Float64Array;
}

/**
 * Bilinear taps as PyTorch's CPU kernel (`align_corners=False`) computes them: the scale is a float32
 * `in / out`, the source coordinate is rounded to float32 and clamped at 0, and equal sizes copy.
 * Matching its float32 rounding keeps our choice of neighbours identical to PyTorch's at tie points.
 */
function bilinearFilter(inSize: number, outSize: number): AxisFilter {
  const index = new Int32Array(2 * outSize);
  const weight = new Float64Array(2 * outSize);
  const scale = Math.fround(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    if (inSize === outSize) {
      index[2 * o] = o;
      index[2 * o + 1] = o;
      weight[2 * o] = 1;
      continue;
    }
    const real = Math.max(0, Math.fround(scale * (o + 0.5) - 0.5));
    const i0 = Math.trunc(real);
    const lambda1 = Math.fround(real - i0);
    index[2 * o] = i0;
    index[2 * o + 1] = i0 < inSize - 1 ? i0 + 1 : i0;
    weight[2 * o] = Math.fround(1 - lambda1);
    weight[2 * o + 1] = lambda1;
  }
  return { taps: 2, index, weight };
}

/**
 * Adaptive average pooling bins, as PyTorch: `[floor(o * in / out), ceil((o + 1) * in / out))`, each
 * pixel weighted by the reciprocal of the bin size (one rounding, instead of PyTorch's two divisions).
 */
function areaFilter(inSize: number, outSize: number): AxisFilter {
  const start = (o: number) => Math.floor((o * inSize) / outSize);
  const end = (o: number) => Math.ceil(((o + 1) * inSize) / outSize);
  let taps = 1;
  for (let o = 0; o < outSize; o++) taps = Math.max(taps, end(o) - start(o));
  const index = new Int32Array(taps * outSize);
  const weight = new Float64Array(taps * outSize);
  for (let o = 0; o < outSize; o++) {
    const first = start(o);
    const size = end(o) - first;
    for (let k = 0; k < taps; k++) {
      index[o * taps + k] = first + Math.min(k, size - 1);
      weight[o * taps + k] = k < size ? 1 / size : 0;
    }
  }
  return { taps, index, weight };
}

/** PyTorch `mode='nearest'`: `floor(o * scale)` in float32 arithmetic, clamped to the last index. */
function nearestFilter(inSize: number, outSize: number): AxisFilter {
  const scale = Math.fround(inSize / outSize);
  const index = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) index[o] = Math.min(Math.floor(Math.fround(o * scale)), inSize - 1);
  return { taps: 1, index, weight: new Float64Array(outSize).fill(1) };
}

const FILTERS: Record<ResizeMode, (inSize: number, outSize: number) => AxisFilter> = {
  nearest: nearestFilter,
  bilinear: bilinearFilter,
  area: areaFilter,
};

// Filters depend only on the mode and the two sizes, and every cell of a dataset asks for the same few:
// building them per image cost a tenth of a 96 -> 64 resize. Bounded, since sizes are few.
const filters = new Map<string, AxisFilter>();

function filter(mode: ResizeMode, inSize: number, outSize: number): AxisFilter {
  const key = `${mode} ${inSize} ${outSize}`;
  let table = filters.get(key);
  if (table === undefined) {
    if (filters.size >= 64) filters.clear();
    table = FILTERS[mode](inSize, outSize);
    filters.set(key, table);
  }
  return table;
}

// Scratch for the first (vertical) pass, reused: output rows x source columns. Allocating it per image
// would cost about as much as filling it.
let scratch = new Float64Array(0);

function planeScratch(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(length);
  return scratch;
}

const IDENTITY: Affine = { sub: 0, mul: 1, add: 0 };

/**
 * Separable resampling in two passes per channel. First, source rows are combined into one row per
 * output row (contiguous reads, the affine map's subtraction and scale applied on the way). Then each
 * output column's taps are loaded once and applied down all output rows: loading taps per output pixel
 * instead cost about a quarter more. Two-tap filters (bilinear, and area for most ratios) get unrolled
 * loops.
 */
function resample(
  stack: ChannelStack,
  out: Float32Array,
  fy: AxisFilter,
  fx: AxisFilter,
  maps: readonly Affine[],
): void {
  const { data, height: h, width: w } = stack;
  const height = fy.index.length / fy.taps;
  const width = fx.index.length / fx.taps;
  const plane = planeScratch(height * w);
  for (let c = 0; c < stack.channels.length; c++) {
    const { sub, mul, add } = maps[c];
    const base = c * h * w;
    verticalPass(data, base, w, fy, sub, mul, plane);
    if (fx.taps === 2) horizontalTwoTaps(plane, w, height, fx, add, out, c * height * width);
    else horizontalPass(plane, w, height, fx, add, out, c * height * width);
  }
}

function verticalPass(
  data: ChannelStack["data"],
  base: number,
  w: number,
  fy: AxisFilter,
  sub: number,
  mul: number,
  plane: Float64Array,
): void {
  const { taps, index, weight } = fy;
  const height = index.length / taps;
  for (let oy = 0, q = 0; oy < height; oy++, q += w) {
    const t = oy * taps;
    if (taps === 2) {
      const r0 = base + index[t] * w;
      const r1 = base + index[t + 1] * w;
      const a = weight[t] * mul;
      const b = weight[t + 1] * mul;
      for (let sx = 0; sx < w; sx++) plane[q + sx] = (data[r0 + sx] - sub) * a + (data[r1 + sx] - sub) * b;
      continue;
    }
    const r0 = base + index[t] * w;
    const a = weight[t] * mul;
    for (let sx = 0; sx < w; sx++) plane[q + sx] = (data[r0 + sx] - sub) * a;
    for (let k = 1; k < taps; k++) {
      const b = weight[t + k] * mul;
      if (b === 0) continue;
      const row = base + index[t + k] * w;
      for (let sx = 0; sx < w; sx++) plane[q + sx] += (data[row + sx] - sub) * b;
    }
  }
}

function horizontalTwoTaps(
  plane: Float64Array,
  w: number,
  height: number,
  fx: AxisFilter,
  add: number,
  out: Float32Array,
  first: number,
): void {
  const { index, weight } = fx;
  const width = index.length / 2;
  for (let ox = 0; ox < width; ox++) {
    const i = index[2 * ox];
    const j = index[2 * ox + 1];
    const a = weight[2 * ox];
    const b = weight[2 * ox + 1];
    for (let oy = 0, q = 0, o = first + ox; oy < height; oy++, q += w, o += width) {
      out[o] = plane[q + i] * a + plane[q + j] * b + add;
    }
  }
}

function horizontalPass(
  plane: Float64Array,
  w: number,
  height: number,
  fx: AxisFilter,
  add: number,
  out: Float32Array,
  first: number,
): void {
  const { taps, index, weight } = fx;
  const width = index.length / taps;
  for (let ox = 0; ox < width; ox++) {
    const t = ox * taps;
    for (let oy = 0, q = 0, o = first + ox; oy < height; oy++, q += w, o += width) {
      let sum = 0;
      for (let k = 0; k < taps; k++) sum += plane[q + index[t + k]] * weight[t + k];
      out[o] = sum + add;
    }
  }
}

function resizeNearest(
  stack: ChannelStack,
  out: Float32Array,
  fy: AxisFilter,
  fx: AxisFilter,
  maps: readonly Affine[],
): void {
  const { data, height: h, width: w } = stack;
  const ys = fy.index;
  const xs = fx.index;
  let o = 0;
  for (let c = 0; c < stack.channels.length; c++) {
    const { sub, mul, add } = maps[c];
    for (let oy = 0; oy < ys.length; oy++) {
      const row = (c * h + ys[oy]) * w;
      for (let ox = 0; ox < xs.length; ox++) out[o++] = (data[row + xs[ox]] - sub) * mul + add;
    }
  }
}

/**
 * Resize into `out`, optionally through per-channel affine maps applied on the fly: the result equals
 * `resize(normalize(stack))` up to float32 rounding of the skipped intermediate. Subtracting before
 * weighting keeps that true even though float32 weights do not sum to exactly 1.
 *
 * @param stack - input stack
 * @param options - output size and mode, and the array to fill
 * @param maps - one affine map per channel; identity when absent
 * @returns a float32 stack over `out`
 * @throws {@link CtcError} as {@link resize}
 */
export function resizeInto(
  stack: ChannelStack,
  options: ResizeOptions,
  maps?: readonly Affine[],
): ChannelStack<Float32Array> {
  const { height, width, mode } = options;
  checkNotEmpty(stack);
  checkSize("height", height);
  checkSize("width", width);
  const out = outputArray(options.out, stack.channels.length * height * width);
  if (!Object.hasOwn(FILTERS, mode)) {
    throw new CtcError("INVALID_ARGUMENT", `unknown resize mode "${mode}"`, {
      field: "mode",
      expected: Object.keys(FILTERS),
      actual: mode,
    });
  }
  const affine = maps ?? stack.channels.map(() => IDENTITY);
  const fy = filter(mode, stack.height, height);
  const fx = filter(mode, stack.width, width);
  if (mode === "nearest") resizeNearest(stack, out, fy, fx, affine);
  else resample(stack, out, fy, fx, affine);
  const { pixelSizeUm } = stack;
  const sy = pixelSizeUm === undefined ? undefined : (pixelSizeUm * stack.height) / height;
  const sx = pixelSizeUm === undefined ? undefined : (pixelSizeUm * stack.width) / width;
  return derivedStack(stack, out, height, width, sy === sx ? sy : undefined);
}

/**
 * Resize every channel to `height x width`, matching PyTorch's `F.interpolate` on float32 tensors:
 * `nearest` (`mode='nearest'`, source index `floor(o * in / out)`), `bilinear` (`align_corners=False`)
 * and `area` (`mode='area'`, i.e. adaptive average pooling: the antialiased choice for shrinking).
 * Sizes may differ per axis; resizing to the same size returns the input values unchanged.
 *
 * The pixel size is rescaled when both axes scale alike and dropped otherwise (it would no longer be
 * square).
 *
 * @param stack - input stack, any dtype
 * @param options - output size, mode and optional output array
 * @returns a float32 stack
 * @throws {@link CtcError} `INVALID_ARGUMENT` for a size below 1, an unknown mode or an empty image,
 * `SHAPE_MISMATCH` for a short `out`
 * @example
 * ```ts
 * const small = resize(cell, { height: 64, width: 64, mode: "area" });
 * ```
 */
export function resize(stack: ChannelStack, options: ResizeOptions): ChannelStack<Float32Array> {
  return resizeInto(stack, options);
}
