import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { checkNotEmpty, checkSize, derivedStack } from "../../src/preprocess/common";
import { expectCtcError } from "./fixtures";

describe("common helpers", () => {
  it("rejects images without pixels, naming the cell", () => {
    checkNotEmpty(createStack(new Uint8Array(1), { channels: ["a"], height: 1, width: 1 }));
    const error = expectCtcError(
      () =>
        checkNotEmpty(createStack(new Uint8Array(0), { channels: ["a"], height: 0, width: 4 }), { cell: 3 }),
      "INVALID_ARGUMENT",
    );
    expect(error.cell).toBe(3);
  });

  it("accepts positive integer sizes only, naming the option", () => {
    checkSize("height", 1);
    for (const bad of [0, -3, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(expectCtcError(() => checkSize("width", bad), "INVALID_ARGUMENT").field).toBe("width");
    }
  });

  it("builds stacks with the channels of another, keeping a pixel size only when given", () => {
    const like = createStack(new Uint8Array(2), {
      channels: ["a", "b"],
      height: 1,
      width: 1,
      pixelSizeUm: 1,
    });
    const derived = derivedStack(like, new Float32Array(8), 2, 2, undefined);
    expect(derived).toEqual({ data: new Float32Array(8), channels: ["a", "b"], height: 2, width: 2 });
    expect(derivedStack(like, new Float32Array(8), 2, 2, 0.5).pixelSizeUm).toBe(0.5);
  });
});
