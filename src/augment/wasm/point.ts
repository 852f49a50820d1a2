import { kernelInstance } from "../../kernels/instance";
import type { PointGroup } from "../point-plan";
import { isIdentity, type StackView } from "../view";

/**
 * Run planned per-value steps on a float32 view in the WebAssembly kernels: copy the source in, gather the
 * view when it is not the identity, run every pass in place, copy the result out. The values are those of
 * the JavaScript passes in pointwise.ts.
 *
 * @param view - input view over float32 pixels
 * @param groups - from `planPointSteps` on the view's shape, with no channel listed twice by a noise step
 * @param into - where to write the result (e.g. the source's own pixels, when the caller may overwrite
 * them); default a new array
 * @returns the result's pixels, or undefined when the kernels are unavailable or the image too large
 */
export function pointStepsWasm(
  view: StackView<Float32Array>,
  groups: readonly PointGroup[],
  into?: Float32Array,
): Float32Array | undefined {
  const kernels = kernelInstance();
  const { source } = view;
  const plane = view.height * view.width;
  const length = source.channels.length * plane;
  const identity = isIdentity(view);
  const inBytes = source.data.length * 4;
  if (!kernels?.reserve(inBytes + (identity ? 0 : length * 4))) return undefined;
  const { exports, arena, table, state } = kernels;
  kernels.copyIn(source.data);
  const buffer = identity ? arena : arena + inBytes;
  if (!identity) {
    const { height, width, origin, rowStride, colStride } = view;
    const sourcePlane = source.height * source.width;
    exports.gather(
      arena,
      buffer,
      source.channels.length,
      sourcePlane,
      origin,
      height,
      width,
      rowStride,
      colStride,
    );
  }
  for (const group of groups) {
    if (group.noise) kernels.seed(group.noise.seed);
    for (const { start, passes } of group.channels) {
      const p = buffer + start * 4;
      for (const { coefficients: c, noisy } of passes) {
        if (noisy) exports.noisePass(p, p, plane, c[0], c[1], c[2], c[3], c[4], c[5], table, state);
        else exports.linearPass(p, p, plane, c[0], c[1], c[2], c[3]);
      }
    }
  }
  return kernels.copyOut(buffer, length, into);
}
