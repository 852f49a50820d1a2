import { describe, expect, it } from "vitest";
import type { OcclusionMap } from "../../src/classify/occlusion";
import { occlusionOverlayPng } from "../../src/classify/occlusion-png";
import { channelPixels, createStack } from "../../src/core/stack";
import { readPng } from "../../src/io/png";

const size = 16;
// A dim, even cell: whatever colour the overlay adds stands out against it.
const cell = createStack(new Float32Array(3 * size * size).fill(10), {
  channels: ["DAPI", "CK", "CD45"],
  height: size,
  width: size,
});
const ranges = { DAPI: [0, 100], CK: [0, 100], CD45: [0, 100] } as const;

/** A map whose "all" channel is high in the top-left quadrant only (and negative bottom-right). */
function quadrantMap(): OcclusionMap {
  const heat = new Float32Array(4 * size * size);
  const plane = size * size;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const at = 3 * plane + y * size + x;
      if (y < size / 2 && x < size / 2) heat[at] = 0.4;
      if (y >= size / 2 && x >= size / 2) heat[at] = -0.4;
    }
  return {
    heatmap: createStack(heat, { channels: ["DAPI", "CK", "CD45", "all"], height: size, width: size }),
    baseline: 0.9,
  };
}

describe("occlusionOverlayPng", () => {
  it("colours the region whose occlusion lowered the probability, and only that region", () => {
    const png = readPng(occlusionOverlayPng(cell, quadrantMap(), { ranges }));
    expect([png.height, png.width, png.channels]).toEqual([size, size, ["red", "green", "blue"]]);
    const [red, green, blue] = [0, 1, 2].map((c) => channelPixels(png, c));
    const at = (y: number, x: number) => y * size + x;
    const hot = at(2, 3);
    const cold = at(12, 3);
    const against = at(12, 12);
    // Full strength is yellow at opacity 0.6 over the dim composite (26 in each colour).
    expect([red[hot], green[hot], blue[hot]]).toEqual([
      Math.round(0.4 * 26 + 0.6 * 255),
      Math.round(0.4 * 26 + 0.6 * 255),
      Math.round(0.4 * 26),
    ]);
    expect([red[cold], green[cold], blue[cold]]).toEqual([26, 26, 26]);
    expect([red[against], green[against], blue[against]]).toEqual([26, 26, 26]);
  });

  it("scales the heat by a fixed scale and opacity when given", () => {
    const png = readPng(occlusionOverlayPng(cell, quadrantMap(), { ranges, scale: 0.8, opacity: 1 }));
    // Half the scale: half the opacity, and a colour halfway from red to yellow.
    expect([0, 1, 2].map((c) => channelPixels(png, c)[0])).toEqual([
      Math.round(0.5 * 26 + 0.5 * 255),
      Math.round(0.5 * 26 + 0.5 * 127.5),
      13,
    ]);
  });

  it("draws one channel's map when asked, and rejects unknown channels and other sizes", () => {
    const plain = readPng(occlusionOverlayPng(cell, quadrantMap(), { ranges, channel: "CK" }));
    expect(channelPixels(plain, 0)[0]).toBe(26);
    expect(() => occlusionOverlayPng(cell, quadrantMap(), { channel: "EpCAM" })).toThrow(
      expect.objectContaining({ code: "MISSING_CHANNEL", channel: "EpCAM" }),
    );
    const small = createStack(new Float32Array(3 * 4 * 4), { channels: cell.channels, height: 4, width: 4 });
    expect(() => occlusionOverlayPng(small, quadrantMap())).toThrow(
      expect.objectContaining({ code: "SHAPE_MISMATCH" }),
    );
    expect(() => occlusionOverlayPng(cell, quadrantMap(), { opacity: 2 })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT", field: "opacity" }),
    );
  });
});
