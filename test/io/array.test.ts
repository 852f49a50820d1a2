import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { arrayToStack, arrayToStacks, stackToArray } from "../../src/io/array";
import { expectCtcError } from "./fixtures";

describe("arrays and stacks", () => {
  const cells = {
    data: Uint16Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i),
    shape: [2, 3, 2, 2],
    dtype: "uint16" as const,
  };

  it("splits N x C x H x W into per-cell views", () => {
    const stacks = arrayToStacks(cells, { channels: ["BF", "DAPI", "CK"] });
    expect(stacks).toHaveLength(2);
    expect(stacks[1].data[0]).toBe(12);
    expect(stacks[1].data.buffer).toBe(cells.data.buffer);
  });

  it("round-trips a stack", () => {
    const stack = createStack(new Float32Array(6), { channels: ["a"], height: 2, width: 3 });
    expect(arrayToStack(stackToArray(stack), { channels: ["a"] })).toEqual(stack);
    expect(arrayToStack({ data: new Uint8Array(6), shape: [2, 3], dtype: "uint8" }).channels).toEqual([
      "ch0",
    ]);
  });

  it("refuses other ranks, bool arrays and wrong name counts", () => {
    expectCtcError(() => arrayToStack(cells, { file: "c.npy" }), "SHAPE_MISMATCH", "c.npy");
    expectCtcError(() => arrayToStacks({ ...cells, shape: [24] }), "SHAPE_MISMATCH");
    expectCtcError(
      () => arrayToStack({ data: new Uint8Array(4), shape: [2, 2], dtype: "bool" }),
      "UNSUPPORTED_DTYPE",
    );
    expectCtcError(() => arrayToStacks(cells, { channels: ["a"] }), "SHAPE_MISMATCH");
  });
});
