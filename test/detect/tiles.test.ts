import { describe, expect, it } from "vitest";
import { detectCandidates } from "../../src/detect/candidates";
import { detectField, planTiles, stackSource } from "../../src/detect/tiles";
import { discField, scatteredDiscs } from "./discs";

describe("planTiles", () => {
  it("covers the field with cores that do not overlap", () => {
    const tiles = planTiles(250, 310, 100, 30);
    const hits = new Uint8Array(250 * 310);
    for (const { core } of tiles) {
      for (let y = core[1]; y < core[1] + core[3]; y++)
        for (let x = core[0]; x < core[0] + core[2]; x++) hits[y * 310 + x]++;
    }
    expect(hits.every((h) => h === 1)).toBe(true);
    expect(tiles[5]).toEqual({ core: [100, 100, 100, 100], outer: [70, 70, 160, 160] });
    expect(() => planTiles(10, 10, 0, 0)).toThrow(/tile size/);
  });
});

describe("detectField", () => {
  // Discs sit on the seams of 128-pixel tiles on purpose: a jittered 50-pixel grid crosses them often.
  const field = discField(400, 520, scatteredDiscs(400, 520, 50, 5), { seed: 3 });
  const whole = detectCandidates(field);

  for (const threshold of [{ method: "otsu" }, { method: "local" }] as const) {
    it(`returns exactly the whole-field candidates, without duplicates at seams (${threshold.method})`, () => {
      const reference = detectCandidates(field, { threshold });
      const tiled = detectField(stackSource(field), { threshold, tileSize: 128 });
      expect(tiled.length).toBe(reference.length);
      expect(tiled).toEqual(reference);
    });
  }

  it("has candidates crossing tile seams in this field (so the test above means something)", () => {
    const crossing = whole.filter(
      (c) => Math.floor(c.bbox[0] / 128) !== Math.floor((c.bbox[0] + c.bbox[2]) / 128),
    );
    expect(crossing.length).toBeGreaterThan(3);
  });

  it("reads only the nucleus channel, one region at a time", () => {
    const source = stackSource(field);
    let largest = 0;
    const spy = {
      ...source,
      readRegion: (x: number, y: number, w: number, h: number, channels: readonly string[]) => {
        expect(channels).toEqual(["DAPI"]);
        largest = Math.max(largest, w * h);
        return source.readRegion(x, y, w, h, channels);
      },
    };
    detectField(spy, { tileSize: 128 });
    expect(largest).toBeLessThan(field.height * field.width);
  });
});
