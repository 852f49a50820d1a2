import { describe, expect, it } from "vitest";
import { outputArray } from "../../src/core/output";
import { expectCtcError } from "../preprocess/fixtures";

describe("outputArray", () => {
  it("allocates, trims or rejects output arrays", () => {
    expect(outputArray(undefined, 3)).toEqual(new Float32Array(3));
    const long = new Float32Array(5);
    expect(outputArray(long, 5)).toBe(long);
    const view = outputArray(long, 2);
    expect([view.length, view.buffer === long.buffer]).toEqual([2, true]);
    expectCtcError(() => outputArray(long, 6), "SHAPE_MISMATCH");
    const words = new Uint16Array(4);
    expect(outputArray(words, 4, "uint16")).toBe(words);
    expect(outputArray(undefined, 2, "int8")).toEqual(new Int8Array(2));
    const error = expectCtcError(() => outputArray(words, 4, "float32"), "UNSUPPORTED_DTYPE");
    expect(error.field).toBe("out");
    expect(error.message).toMatch(/wrong pixel type/);
  });
});
