import { describe, expect, it } from "vitest";
import {
  addShifted,
  applyBleedThrough,
  blurPlane,
  fieldIllumination,
  gaussianKernel,
} from "../../src/synth/optics";

describe("optics", () => {
  it("makes normalized Gaussian kernels reaching 3 sigma", () => {
    const k = gaussianKernel(1.2);
    expect(k.length).toBe(2 * 4 + 1);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(gaussianKernel(0)).toEqual(Float32Array.of(1));
  });

  it("blurs a point into the kernel's outer product and conserves the total", () => {
    const w = 11;
    const plane = new Float32Array(w * w);
    plane[5 * w + 5] = 1;
    const k = gaussianKernel(1);
    blurPlane(plane, w, w, k, new Float32Array(w * w));
    expect(plane.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(plane[5 * w + 6]).toBeCloseTo(k[3] * k[4], 6);
    expect(plane[4 * w + 7]).toBeCloseTo(k[2] * k[5], 6);
  });

  it("adds bleed-through from the original sources only", () => {
    const planes = Float32Array.from([10, 20, 1, 2, 0, 0]);
    applyBleedThrough(planes, 2, [
      [0, 1, 0.5],
      [1, 2, 0.1],
    ]);
    expect(Array.from(planes)).toEqual([10, 20, 6, 12, expect.closeTo(0.1, 6), expect.closeTo(0.2, 6)]);
  });

  it("shifts by whole and fractional pixels", () => {
    const src = new Float32Array(9);
    src[4] = 1;
    const target = new Float32Array(25);
    addShifted(target, 5, 5, src, 3, 3, 1, 1, 1, 0);
    expect(target[2 * 5 + 3]).toBe(1);
    const half = new Float32Array(25);
    addShifted(half, 5, 5, src, 3, 3, 1, 1, 0.5, 0);
    expect(half[2 * 5 + 2]).toBeCloseTo(0.5, 6);
    expect(half[2 * 5 + 3]).toBeCloseTo(0.5, 6);
  });

  it("vignettes every camera frame the same way", () => {
    const im = { vignetting: 0.2, frameSizePx: 100 };
    expect(fieldIllumination(49.5, 49.5, im)).toBeCloseTo(1, 12);
    expect(fieldIllumination(0, 0, im)).toBeCloseTo(1 - 0.2 * 0.99 * 0.99, 9);
    expect(fieldIllumination(130, 70, im)).toBe(fieldIllumination(30, 270, im));
  });
});
