/** Typed arrays that can hold pixel data. */
export type PixelArray =
  | Uint8Array
  | Uint8ClampedArray
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** Names of pixel types, as NumPy spells them. */
export type PixelDType = "uint8" | "int8" | "uint16" | "int16" | "uint32" | "int32" | "float32" | "float64";

/**
 * The pixel type of a typed array.
 *
 * @param data - pixel data
 * @returns its dtype name (`Uint8ClampedArray` reads as `uint8`)
 */
export function dtypeOf(data: PixelArray): PixelDType {
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return "uint8";
  if (data instanceof Uint16Array) return "uint16";
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Int16Array) return "int16";
  if (data instanceof Int8Array) return "int8";
  if (data instanceof Uint32Array) return "uint32";
  if (data instanceof Int32Array) return "int32";
  return "float64";
}

/**
 * Whether a dtype holds integers (and so has a finite range and exact histograms).
 *
 * @param dtype - dtype name
 * @returns true for the integer dtypes
 */
export function isIntegerDType(dtype: PixelDType): boolean {
  return dtype !== "float32" && dtype !== "float64";
}

/**
 * The representable range of an integer dtype; `[-Infinity, Infinity]` for floats.
 *
 * @param dtype - dtype name
 * @returns `[min, max]`
 */
export function dtypeRange(dtype: PixelDType): readonly [number, number] {
  switch (dtype) {
    case "uint8":
      return [0, 255];
    case "int8":
      return [-128, 127];
    case "uint16":
      return [0, 65535];
    case "int16":
      return [-32768, 32767];
    case "uint32":
      return [0, 4294967295];
    case "int32":
      return [-2147483648, 2147483647];
    default:
      return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  }
}

/**
 * Allocate a zeroed typed array of a dtype.
 *
 * @param dtype - dtype name
 * @param length - number of elements
 * @returns a new typed array
 */
export function allocPixels(dtype: PixelDType, length: number): PixelArray {
  switch (dtype) {
    case "uint8":
      return new Uint8Array(length);
    case "int8":
      return new Int8Array(length);
    case "uint16":
      return new Uint16Array(length);
    case "int16":
      return new Int16Array(length);
    case "uint32":
      return new Uint32Array(length);
    case "int32":
      return new Int32Array(length);
    case "float32":
      return new Float32Array(length);
    default:
      return new Float64Array(length);
  }
}
