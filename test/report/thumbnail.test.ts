import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { makeThumbnail } from "../../src/report/thumbnail";

describe("makeThumbnail", () => {
  const height = 64;
  const width = 48;
  const data = new Uint16Array(2 * height * width);
  // DAPI: a bright square in the top-left quadrant; CK: a horizontal ramp.
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data[y * width + x] = y < 32 && x < 24 ? 4000 : 100;
      data[height * width + y * width + x] = x * 50;
    }
  }
  const cell = createStack(data, { channels: ["DAPI", "CK"], height, width });

  it("makes square planes and a composite of the requested size", () => {
    const t = makeThumbnail(cell, { size: 16 });
    expect(t.size).toBe(16);
    expect(t.channels).toEqual(["DAPI", "CK"]);
    expect(t.planes.length).toBe(2 * 256);
    expect(t.rgb.length).toBe(3 * 256);
  });

  it("keeps where things are: the bright DAPI quadrant is bright and blue", () => {
    const t = makeThumbnail(cell, { size: 16 });
    const dapi = (y: number, x: number) => t.planes[y * 16 + x];
    expect(dapi(2, 2)).toBe(255);
    expect(dapi(13, 13)).toBe(0);
    const blue = (y: number, x: number) => t.rgb[(y * 16 + x) * 3 + 2];
    expect(blue(2, 2)).toBeGreaterThan(blue(13, 13));
  });

  it("maps a ramp monotonically onto 0..255", () => {
    const t = makeThumbnail(cell, { size: 16 });
    const row = Array.from(t.planes.subarray(256 + 8 * 16, 256 + 9 * 16));
    for (let x = 1; x < 16; x++) expect(row[x]).toBeGreaterThanOrEqual(row[x - 1]);
    expect(row[0]).toBe(0);
    expect(row[15]).toBe(255);
  });

  it("renders a flat channel as black rather than dividing by zero", () => {
    const flat = createStack(new Float32Array(2 * 100).fill(7), {
      channels: ["DAPI", "CK"],
      height: 10,
      width: 10,
    });
    const t = makeThumbnail(flat, { size: 20 });
    expect(Math.max(...t.planes)).toBe(0);
  });
});
