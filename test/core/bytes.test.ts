import { describe, expect, it } from "vitest";
import { concatBytes } from "../../src/core/bytes";

describe("concatBytes", () => {
  it("lays the parts end to end in a new array, empty parts and views into larger buffers included", () => {
    const backing = Uint8Array.from({ length: 10 }, (_, i) => 100 + i);
    const parts = [Uint8Array.from([1, 2]), new Uint8Array(0), backing.subarray(3, 6), Uint8Array.from([9])];
    const joined = concatBytes(parts);
    expect(Array.from(joined)).toEqual([1, 2, 103, 104, 105, 9]);
    expect(joined.buffer).not.toBe(backing.buffer);
    expect(concatBytes([]).length).toBe(0);
  });
});
