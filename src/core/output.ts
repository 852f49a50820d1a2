import { allocPixels, dtypeOf, type PixelArray, type PixelDType } from "./dtype";
import { CtcError } from "./errors";

/**
 * The array a function writes its result into: the caller's `out` (trimmed to length), or a new one.
 *
 * @param out - caller's array, if any
 * @param length - elements needed
 * @returns a Float32Array of exactly `length` elements
 * @throws {@link CtcError} `SHAPE_MISMATCH` when `out` is too short
 */
export function outputArray(out: Float32Array | undefined, length: number): Float32Array;
/**
 * The array a function writes its result into: the caller's `out` (trimmed to length), or a new one.
 *
 * @param out - caller's array, if any
 * @param length - elements needed
 * @param dtype - the result's pixel type, which `out` must have
 * @returns an array of `dtype` with exactly `length` elements
 * @throws {@link CtcError} `SHAPE_MISMATCH` when `out` is too short, `UNSUPPORTED_DTYPE` when its type
 * differs
 */
export function outputArray<A extends PixelArray>(out: A | undefined, length: number, dtype: PixelDType): A;
export function outputArray(
  out: PixelArray | undefined,
  length: number,
  dtype: PixelDType = "float32",
): PixelArray {
  if (out === undefined) return allocPixels(dtype, length);
  if (dtypeOf(out) !== dtype) {
    throw new CtcError("UNSUPPORTED_DTYPE", "output array has the wrong pixel type", {
      field: "out",
      expected: dtype,
      actual: dtypeOf(out),
    });
  }
  if (out.length < length) {
    throw new CtcError("SHAPE_MISMATCH", "output array is too short", {
      field: "out",
      expected: `at least ${length} elements`,
      actual: out.length,
    });
  }
  return out.length === length ? out : out.subarray(0, length);
}
