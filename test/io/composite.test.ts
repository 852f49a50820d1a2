import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { compositeRgb, DEFAULT_CHANNEL_COLOURS } from "../../src/io/composite";
import { expectCtcError } from "./fixtures";

const ramp = (channels: string[]) =>
  createStack(
    Uint16Array.from({ length: channels.length * 4 }, (_, i) => (i % 4) * 100),
    { channels, height: 2, width: 2 },
  );

describe("compositeRgb", () => {
  it("tints DAPI blue, CK green and CD45 red, scaled to each channel's range", () => {
    const rgb = compositeRgb(ramp(["DAPI", "CK", "CD45"]), {
      ranges: { DAPI: [0, 300], CK: [0, 300], CD45: [0, 300] },
    });
    expect(Array.from(rgb.data.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(rgb.data.subarray(9, 12))).toEqual([255, 255, 255]);
    expect(Array.from(rgb.data.subarray(3, 6))).toEqual([85, 85, 85]);
  });

  it("shows bright field gray, accepts custom colours and ignores uncoloured channels", () => {
    const rgb = compositeRgb(ramp(["bf", "EpCAM", "other"]), { colours: { EpCAM: [0, 200, 0] } });
    expect(Array.from(rgb.data.subarray(9, 12))).toEqual(
      [DEFAULT_CHANNEL_COLOURS.bf[0], 128 + 200, 128].map((v) => Math.min(255, v)),
    );
  });

  it("refuses a stack with no coloured channel", () => {
    expectCtcError(() => compositeRgb(ramp(["x"])), "MISSING_CHANNEL");
  });
});
