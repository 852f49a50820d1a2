import { describe, expect, it } from "vitest";
import { boxMean, squareExtremum, subtractBackground } from "../../src/detect/background";

function bruteExtremum(data: number[], h: number, w: number, r: number, max: boolean): number[] {
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = max ? -Infinity : Infinity;
      for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
        for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
          v = max ? Math.max(v, data[yy * w + xx]) : Math.min(v, data[yy * w + xx]);
        }
      }
      out.push(v);
    }
  }
  return out;
}

const h = 9;
const w = 13;
const data = Array.from({ length: h * w }, (_, i) => (i * 7919) % 101);

describe("squareExtremum", () => {
  for (const r of [0, 1, 3, 20]) {
    it(`equals a brute-force min and max filter clipped at the border (r = ${r})`, () => {
      const plane = { data: Float32Array.from(data), height: h, width: w };
      expect(Array.from(squareExtremum(plane, r, false))).toEqual(bruteExtremum(data, h, w, r, false));
      expect(Array.from(squareExtremum(plane, r, true))).toEqual(bruteExtremum(data, h, w, r, true));
    });
  }
});

describe("boxMean", () => {
  it("averages the in-image part of the window", () => {
    const plane = { data: Float32Array.from([1, 2, 3, 4]), height: 1, width: 4 };
    expect(Array.from(boxMean(plane, 1))).toEqual([1.5, 2, 3, 3.5]);
  });
});

describe("subtractBackground", () => {
  const width = 60;
  const ramp = Float32Array.from({ length: width }, (_, x) => 100 + 2 * x);
  const withSpot = Float32Array.from(ramp, (v, x) => (x >= 28 && x < 33 ? v + 500 : v));

  it("removes a ramp and keeps a small spot's height (top-hat)", () => {
    const out = subtractBackground({ data: withSpot, height: 1, width }, { radiusPx: 6 });
    // A monotone ramp is its own opening: nothing is left of it.
    expect(out[5]).toBe(0);
    expect(out[50]).toBe(0);
    // The spot keeps its height above the ramp, less the slope across its width (a flat element's cost).
    expect(out[30]).toBeGreaterThanOrEqual(500 - 2 * 5);
    expect(out[30]).toBeLessThanOrEqual(500);
  });

  it("with the mean method, flattens the ramp away from the border", () => {
    const out = subtractBackground({ data: ramp, height: 1, width }, { method: "mean", radiusPx: 6 });
    expect(out[30]).toBeCloseTo(0, 4);
  });

  it("never returns negative values and rejects a fractional radius", () => {
    const out = subtractBackground({ data: withSpot, height: 1, width }, { method: "mean", radiusPx: 6 });
    expect(Math.min(...out)).toBe(0);
    expect(() => subtractBackground({ data: ramp, height: 1, width }, { radiusPx: 2.5 })).toThrow(/radius/);
  });
});
