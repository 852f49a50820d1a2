import { describe, expect, it } from "vitest";
import { splitTouching, watershed } from "../../src/detect/watershed";

function discs(h: number, w: number, list: [number, number, number][]): Uint8Array {
  const out = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (list.some(([cx, cy, r]) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r)) out[y * w + x] = 1;
    }
  }
  return out;
}

describe("watershed", () => {
  it("floods from two seeds and meets at the ridge", () => {
    const elevation = { data: Float64Array.from([0, 1, 2, 3, 2, 1, 0]), height: 1, width: 7 };
    const markers = { data: Int32Array.from([1, 0, 0, 0, 0, 0, 2]), height: 1, width: 7 };
    const mask = { data: new Uint8Array(7).fill(1), height: 1, width: 7 };
    const out = Array.from(watershed(elevation, markers, mask));
    expect(out.slice(0, 3)).toEqual([1, 1, 1]);
    expect(out.slice(4)).toEqual([2, 2, 2]);
  });

  it("does not flood outside the mask", () => {
    const elevation = { data: new Float64Array(3), height: 1, width: 3 };
    const markers = { data: Int32Array.from([1, 0, 0]), height: 1, width: 3 };
    const mask = { data: Uint8Array.from([1, 0, 1]), height: 1, width: 3 };
    expect(Array.from(watershed(elevation, markers, mask))).toEqual([1, 0, 0]);
  });
});

describe("splitTouching", () => {
  const h = 40;
  const w = 60;

  it("splits two touching discs into two objects", () => {
    const data = discs(h, w, [
      [20, 20, 10],
      [37, 20, 10],
    ]);
    const labels = splitTouching({ data, height: h, width: w }, { minSeedDistancePx: 4 });
    expect(labels.count).toBe(2);
    expect(labels.data[20 * w + 15]).not.toBe(labels.data[20 * w + 42]);
  });

  it("keeps one disc whole", () => {
    const data = discs(h, w, [[30, 20, 12]]);
    expect(splitTouching({ data, height: h, width: w }, { minSeedDistancePx: 4 }).count).toBe(1);
  });

  it("keeps two heavily overlapping discs together (no neck)", () => {
    const data = discs(h, w, [
      [25, 20, 10],
      [32, 20, 10],
    ]);
    expect(splitTouching({ data, height: h, width: w }, { minSeedDistancePx: 4 }).count).toBe(1);
  });

  it("labels every mask pixel and separate objects separately", () => {
    const data = discs(h, w, [
      [8, 8, 4],
      [45, 25, 6],
    ]);
    const labels = splitTouching({ data, height: h, width: w }, { minSeedDistancePx: 20 });
    expect(labels.count).toBe(2);
    for (let i = 0; i < data.length; i++) expect(labels.data[i] !== 0).toBe(data[i] !== 0);
  });
});
