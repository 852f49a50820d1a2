import { kernelInstance } from "../../kernels/instance";
import type { AffineMatrix, Fill } from "../sampler";
import type { StackView } from "../view";

const FILL_CODES: Readonly<Record<Fill, number>> = { constant: 0, edge: 1, reflect: 2, symmetric: 3 };

/** Source coordinates the kernel takes as 32-bit pixel indices without overflow. */
const COORDINATE_LIMIT = 2 ** 30;

/**
 * Bilinear affine resampling of a float32 view in the WebAssembly kernel, with the values of `resample` in
 * sampler.ts.
 *
 * @param view - source view over float32 pixels
 * @param matrix - output-to-source matrix in the view's coordinates
 * @param height - output height
 * @param width - output width
 * @param fill - border handling
 * @param cval - value outside the image for `constant`
 * @param into - where to write the output; a new array when absent
 * @returns the output pixels, or undefined when the kernels are unavailable, the image too large, or the
 * source coordinates not finite or not bounded by ±2^30 (all left to JavaScript)
 */
export function warpWasm(
  view: StackView<Float32Array>,
  matrix: AffineMatrix,
  height: number,
  width: number,
  fill: Fill,
  cval: number,
  into?: Float32Array,
): Float32Array | undefined {
  const [a, b, c, d, e, f] = matrix;
  // |a j + b i + c| is at most |a| (width - 1) + |b| (height - 1) + |c| over the output (NaN fails the test).
  const boundX = Math.abs(a) * (width - 1) + Math.abs(b) * (height - 1) + Math.abs(c);
  const boundY = Math.abs(d) * (width - 1) + Math.abs(e) * (height - 1) + Math.abs(f);
  if (!(boundX < COORDINATE_LIMIT && boundY < COORDINATE_LIMIT)) return undefined;
  const kernels = kernelInstance();
  const { source } = view;
  const channels = source.channels.length;
  const inBytes = source.data.length * 4;
  // Four channels (the usual cell stack) are interleaved first, so each tap is one 128-bit load.
  const interleaved = channels === 4;
  const length = channels * height * width;
  if (!kernels?.reserve(inBytes * (interleaved ? 2 : 1) + length * 4)) return undefined;
  const { exports, arena } = kernels;
  const sourcePlane = source.height * source.width;
  kernels.copyIn(source.data);
  const input = interleaved ? arena + inBytes : arena;
  if (interleaved) exports.interleave4(arena, input, sourcePlane);
  const out = input + inBytes;
  exports.warpBilinear(
    input,
    out,
    interleaved ? 0 : channels,
    sourcePlane,
    view.origin,
    view.rowStride,
    view.colStride,
    view.height,
    view.width,
    height,
    width,
    a,
    b,
    c,
    d,
    e,
    f,
    FILL_CODES[fill],
    cval,
  );
  return kernels.copyOut(out, length, into);
}
