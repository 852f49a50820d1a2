import { describe, expect, it } from "vitest";
import {
  histogram,
  histogramQuantile,
  localThreshold,
  noiseSigma,
  otsuFromHistogram,
  otsuThreshold,
  thresholdMask,
} from "../../src/detect/threshold";
import otsuCases from "../fixtures/detect/otsu.json";

const arrays = {
  uint8: Uint8Array,
  uint16: Uint16Array,
  float64: Float64Array,
} as const;

describe("otsuThreshold", () => {
  for (const c of otsuCases) {
    it(`matches the NumPy reference of scikit-image's formula: ${c.name}`, () => {
      const values = new arrays[c.dtype as keyof typeof arrays](c.values);
      expect(otsuThreshold(values)).toBe(c.threshold);
    });
  }

  it("returns the value of a constant image", () => {
    expect(otsuThreshold(new Uint16Array([7, 7, 7]))).toBe(7);
  });

  it("gives the same level from tile histograms added up over a fixed range", () => {
    const c = otsuCases[0];
    const values = new Uint16Array(c.values);
    const range: [number, number] = [0, 5000];
    const a = histogram(values.subarray(0, 400), { bins: "integer", range });
    const b = histogram(values.subarray(400), { bins: "integer", range });
    for (let i = 0; i < a.counts.length; i++) a.counts[i] += b.counts[i];
    expect(otsuFromHistogram(a)).toBe(c.threshold);
  });
});

describe("histogram", () => {
  it("puts the maximum in the last bin and splits at exact edges as np.histogram", () => {
    const h = histogram(new Float64Array([0, 0.25, 0.5, 0.75, 1]), { bins: 4 });
    expect(Array.from(h.counts)).toEqual([1, 1, 1, 2]);
    expect(Array.from(h.centers)).toEqual([0.125, 0.375, 0.625, 0.875]);
  });

  it("rejects an empty input", () => {
    expect(() => histogram(new Float32Array(0))).toThrow(/empty range/);
  });
});

describe("noise statistics", () => {
  it("reads the median and a MAD-based sigma from a histogram", () => {
    const values = new Uint16Array([10, 11, 12, 13, 14, 100]);
    const h = histogram(values);
    expect(histogramQuantile(h, 0.5)).toBe(12);
    // |x - 12| = 2,1,0,1,2,88: the median absolute deviation is 1 (third of six).
    expect(noiseSigma(h)).toBeCloseTo(1.4826, 6);
  });
});

describe("thresholdMask and localThreshold", () => {
  it("keeps values strictly above the level", () => {
    const mask = thresholdMask({ data: new Float32Array([1, 2, 3]), height: 1, width: 3 }, 2);
    expect(Array.from(mask)).toEqual([0, 0, 1]);
  });

  it("finds a dim spot next to a bright one that a global level would drop", () => {
    const width = 40;
    const data = new Float32Array(width);
    data.fill(1000, 5, 8);
    data.fill(60, 30, 33);
    const plane = { data, height: 1, width };
    const global = thresholdMask(plane, otsuThreshold(data));
    expect(global[31]).toBe(0);
    const local = localThreshold(plane, { radiusPx: 6, offset: 10 });
    expect(local[31]).toBe(1);
    expect(local[20]).toBe(0);
  });
});
