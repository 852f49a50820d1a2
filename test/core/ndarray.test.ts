import ndarray from "ndarray";
import { describe, expect, it } from "vitest";
import { fromNdarray, type NdarrayFactory, toNdarray } from "../../src/core/ndarray";
import { createStack } from "../../src/core/stack";

const factory = ndarray as unknown as NdarrayFactory<Float32Array>;

describe("ndarray interop", () => {
  const data = new Float32Array(2 * 3 * 4).map((_, i) => i);
  const stack = createStack(data, { channels: ["a", "b"], height: 3, width: 4 });

  it("views a stack as a C x H x W ndarray without copying", () => {
    const nd = toNdarray(stack, factory) as unknown as ndarray.NdArray<Float32Array>;
    expect(nd.shape).toEqual([2, 3, 4]);
    expect(nd.data).toBe(data);
    expect(nd.get(1, 2, 3)).toBe(data[1 * 12 + 2 * 4 + 3]);
  });

  it("round-trips a contiguous ndarray with zero copies, honouring the offset", () => {
    const backing = new Float32Array(5 + 24).map((_, i) => i);
    const nd = ndarray(backing, [2, 3, 4], [12, 4, 1], 5);
    const back = fromNdarray(nd, ["a", "b"]);
    expect(back.data.buffer).toBe(backing.buffer);
    expect(back.data[0]).toBe(5);
    expect(back.data.length).toBe(24);
  });

  it("copies transposed (H x W x C) views into C order", () => {
    // An interleaved H x W x C buffer, viewed as C x H x W by transposing: the common RGB case.
    const hwc = new Uint8Array([1, 10, 2, 20, 3, 30, 4, 40]);
    const nd = ndarray(hwc, [2, 2, 2]).transpose(2, 0, 1);
    const s = fromNdarray(nd, ["r", "g"]);
    expect([...s.data]).toEqual([1, 2, 3, 4, 10, 20, 30, 40]);
    expect(s.data.buffer).not.toBe(hwc.buffer);
  });

  it("accepts 2-d arrays as one channel and checks channel counts", () => {
    const s = fromNdarray(ndarray(new Uint16Array([1, 2, 3, 4]), [2, 2]), ["DAPI"]);
    expect(s.channels).toEqual(["DAPI"]);
    expect(() => fromNdarray(ndarray(new Uint16Array(8), [2, 2, 2]), ["x"])).toThrow(/channel axis/);
    expect(() => fromNdarray(ndarray(new Uint16Array(2), [2]), ["x"])).toThrow(/rank 2 or 3/);
  });
});
