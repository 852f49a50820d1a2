import type { PixelArray } from "../core/dtype";
import { kernelInstance } from "../kernels/instance";
import type { Affine } from "./normalize";

/**
 * Map every channel through its affine map in the WebAssembly kernels: copy the pixels in, map each
 * channel plane into float32, copy the result out. The values are those of the JavaScript loop in
 * normalize.ts, bit for bit: `f32((x - sub) * mul + add)` in doubles.
 *
 * @param data - C planes of `plane` pixels, channel after channel
 * @param plane - pixels per channel
 * @param maps - one map per channel
 * @param out - where the C x plane float32 results go
 * @returns false (and `out` untouched) when the kernels are unavailable, have no kernel for the element
 * type (uint8, uint16 and float32 have one), or the image is larger than their memory may grow
 */
export function affineWasm(
  data: PixelArray,
  plane: number,
  maps: readonly Affine[],
  out: Float32Array,
): boolean {
  const kernel =
    data instanceof Uint16Array
      ? "affineU16"
      : data instanceof Uint8Array
        ? "affineU8"
        : data instanceof Float32Array
          ? "affineF32"
          : undefined;
  if (kernel === undefined) return false;
  const input = data as Float32Array | Uint16Array | Uint8Array;
  const kernels = kernelInstance();
  const length = maps.length * plane;
  // Results start on a 16-byte boundary after the input, so the kernel's 128-bit stores are aligned.
  const inBytes = Math.ceil(input.byteLength / 16) * 16;
  if (!kernels?.reserve(inBytes + length * 4)) return false;
  const { exports, arena } = kernels;
  kernels.copyIn(input);
  const result = arena + inBytes;
  maps.forEach(({ sub, mul, add }, c) => {
    const source = arena + c * plane * input.BYTES_PER_ELEMENT;
    exports[kernel](source, result + c * plane * 4, plane, sub, mul, add);
  });
  kernels.copyOut(result, length, out);
  return true;
}
