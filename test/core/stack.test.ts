import { describe, expect, it } from "vitest";
import { CtcError } from "../../src/core/errors";
import { channelPixels, createStack, stackDType } from "../../src/core/stack";

describe("createStack", () => {
  it("wraps data without copying and keeps the metadata", () => {
    const data = new Uint16Array(2 * 3 * 4).map((_, i) => i);
    const stack = createStack(data, { channels: ["DAPI", "CK"], height: 3, width: 4, pixelSizeUm: 0.64 });
    expect(stack.data).toBe(data);
    expect(stack.channels).toEqual(["DAPI", "CK"]);
    expect(stack.pixelSizeUm).toBe(0.64);
    expect(stackDType(stack)).toBe("uint16");
  });

  it("rejects data whose length is not C x H x W, naming both sizes", () => {
    const attempt = () => createStack(new Float32Array(5), { channels: ["a"], height: 2, width: 2 });
    expect(attempt).toThrowError(CtcError);
    expect(attempt).toThrow(/expected 1 x 2 x 2 = 4, got 5/);
    try {
      attempt();
    } catch (error) {
      expect((error as CtcError).code).toBe("SHAPE_MISMATCH");
    }
  });

  it("rejects duplicate channel names and bad dimensions", () => {
    expect(() => createStack(new Uint8Array(2), { channels: ["a", "a"], height: 1, width: 1 })).toThrow(
      /appears twice/,
    );
    expect(() => createStack(new Uint8Array(0), { channels: [], height: -1, width: 0 })).toThrow(/height/);
    expect(() =>
      createStack(new Uint8Array(1), { channels: ["a"], height: 1, width: 1, pixelSizeUm: 0 }),
    ).toThrow(/pixelSizeUm/);
  });

  it("accepts zero-size images", () => {
    const stack = createStack(new Float32Array(0), { channels: ["a", "b"], height: 0, width: 7 });
    expect(channelPixels(stack, 1).length).toBe(0);
  });

  it("returns channel planes as views into the data", () => {
    const data = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const stack = createStack(data, { channels: ["a", "b", "c"], height: 1, width: 2 });
    const plane = channelPixels(stack, 1);
    expect([...plane]).toEqual([3, 4]);
    expect(plane.buffer).toBe(data.buffer);
  });
});
