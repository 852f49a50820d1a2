import { describe, expect, it } from "vitest";
import { drawPerChannel, mapChannels, mapChannelsInPlace, storeRounded } from "../../src/augment/channels";
import { isCtcError } from "../../src/core/errors";
import { createStack } from "../../src/core/stack";
import { createRng } from "../../src/random/rng";

describe("channel helpers", () => {
  it("stores integers rounded half away from zero and clamped", () => {
    const u8 = new Uint8Array(4);
    storeRounded(Float64Array.of(2.5, 300, -4), u8, 1);
    expect(Array.from(u8)).toEqual([0, 3, 255, 0]);
    const i16 = new Int16Array(1);
    storeRounded(Float64Array.of(-2.5), i16, 0);
    expect(i16[0]).toBe(-3);
  });

  it("writes float results unclamped, in the stack's own precision", () => {
    const stack = createStack(Float32Array.of(1, 2), { channels: ["A"], height: 1, width: 2 });
    const out = mapChannels(stack, ["A"], () => (src, start, values) => {
      for (let i = 0; i < values.length; i++) values[i] = src[start + i] * 1e9 + 0.1;
    });
    expect(Array.from(out.data)).toEqual([Math.fround(1e9 + 0.1), Math.fround(2e9 + 0.1)]);
  });

  it("maps only the named channels and never mutates the input", () => {
    const data = Float32Array.from([1, 2, 3, 4]);
    const stack = createStack(data, { channels: ["A", "B"], height: 1, width: 2 });
    const out = mapChannels(stack, ["B"], () => (src, start, values) => {
      for (let i = 0; i < values.length; i++) values[i] = src[start + i] * 10;
    });
    expect(Array.from(out.data)).toEqual([1, 2, 30, 40]);
    expect(Array.from(data)).toEqual([1, 2, 3, 4]);
    try {
      mapChannels(stack, ["C"], () => () => {});
      expect.unreachable();
    } catch (err) {
      expect(isCtcError(err, "MISSING_CHANNEL")).toBe(true);
    }
  });

  it("draws one value per listed channel, or one shared value", () => {
    const shape = { channels: ["A", "B", "C"], height: 1, width: 1 };
    const own = drawPerChannel(createRng(1), shape, { range: [0, 1], perChannel: true }, false);
    expect(new Set(Object.values(own)).size).toBe(3);
    const shared = drawPerChannel(
      createRng(1),
      shape,
      { range: [1, 2], channels: ["C", "A"], perChannel: false },
      true,
    );
    expect(Object.keys(shared)).toEqual(["C", "A"]);
    expect(shared.C).toBe(shared.A);
  });
});

describe("mapChannelsInPlace", () => {
  it("writes what mapChannels returns, and declines a repeated name without touching the stack", () => {
    const stack = createStack(
      Float32Array.from({ length: 8 }, (_, i) => i / 3),
      {
        channels: ["A", "B"],
        height: 2,
        width: 2,
      },
    );
    const kernel = () => (src: ArrayLike<number>, start: number, out: Float32Array | Float64Array) => {
      for (let i = 0; i < out.length; i++) out[i] = src[start + i] * 1.7 + 0.1;
    };
    const copy = createStack(stack.data.slice(), stack);
    expect(mapChannelsInPlace(copy, ["B"], kernel)).toBe(true);
    expect(copy.data).toEqual(mapChannels(stack, ["B"], kernel).data);
    const again = createStack(stack.data.slice(), stack);
    expect(mapChannelsInPlace(again, ["A", "A"], kernel)).toBe(false);
    expect(again.data).toEqual(stack.data);
  });
});
