import { describe, expect, it } from "vitest";
import { channelIndex, getChannel, renameChannels, selectChannels } from "../../src/core/channels";
import { isCtcError } from "../../src/core/errors";
import { createStack } from "../../src/core/stack";

const stack = createStack(new Uint16Array([1, 2, 10, 20, 100, 200]), {
  channels: ["BF", "DAPI", "CK"],
  height: 1,
  width: 2,
  pixelSizeUm: 0.64,
});

describe("channels by name", () => {
  it("selects and reorders channels into a copy of the same dtype", () => {
    const picked = selectChannels(stack, ["CK", "BF"]);
    expect(picked.channels).toEqual(["CK", "BF"]);
    expect([...picked.data]).toEqual([100, 200, 1, 2]);
    expect(picked.data).toBeInstanceOf(Uint16Array);
    expect(picked.pixelSizeUm).toBe(0.64);
    picked.data[0] = 7;
    expect(stack.data[4]).toBe(100);
  });

  it("names the missing channel and lists those present", () => {
    try {
      selectChannels(stack, ["DAPI", "CD45"]);
      expect.unreachable();
    } catch (error) {
      expect(isCtcError(error, "MISSING_CHANNEL")).toBe(true);
      expect(String(error)).toContain('channel "CD45"');
      expect(String(error)).toContain('["BF","DAPI","CK"]');
    }
  });

  it("renames channels while sharing the pixels", () => {
    const renamed = renameChannels(stack, { CK: "PanCK" });
    expect(renamed.channels).toEqual(["BF", "DAPI", "PanCK"]);
    expect(renamed.data).toBe(stack.data);
    expect(() => renameChannels(stack, { CK: "BF" })).toThrow(/appears twice/);
    expect(() => renameChannels(stack, { CD45: "x" })).toThrow(/CD45/);
  });

  it("finds channel planes by name", () => {
    expect(channelIndex(stack, "CK")).toBe(2);
    expect([...getChannel(stack, "DAPI")]).toEqual([10, 20]);
  });
});
