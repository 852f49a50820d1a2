import { describe, expect, it } from "vitest";
import {
  addShifted,
  applyBleedThrough,
  blurPlane,
  fieldIllumination,
  gaussianKernel,
} from "../../src/synth/optics";
import { Rng } from "../../src/synth/rng";

// The blur written plainly: every row, then every column, each output's taps summed in order (rows in a
// double, columns rounded to float32 after each tap); the outside of the plane counts as zero.
function denseBlur(plane: Float32Array, width: number, height: number, kernel: Float32Array): Float32Array {
  const radius = (kernel.length - 1) >> 1;
  if (radius === 0) return plane.slice();
  const rows = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const row = y * width;
      let acc = 0;
      if (x >= radius && x < width - radius) {
        acc = kernel[radius] * plane[row + x];
        for (let k = 1; k <= radius; k++)
          acc += kernel[radius + k] * (plane[row + x - k] + plane[row + x + k]);
      } else {
        for (let k = Math.max(-radius, -x); k <= Math.min(radius, width - 1 - x); k++)
          acc += kernel[k + radius] * plane[row + x + k];
      }
      rows[row + x] = acc;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let k = Math.max(-radius, -y); k <= Math.min(radius, height - 1 - y); k++)
        acc = Math.fround(acc + kernel[k + radius] * rows[(y + k) * width + x]);
      out[y * width + x] = acc;
    }
  }
  return out;
}

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

  it("blurs exactly as a dense separable pass over the whole plane", () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 60; trial++) {
      const width = rng.int(1, 40);
      const height = rng.int(1, 40);
      const plane = new Float32Array(width * height);
      // A few blobs, some at the border, some far apart (empty rows between them), some empty planes.
      for (let blob = rng.int(0, 3); blob > 0; blob--) {
        const cx = rng.int(0, width - 1);
        const cy = rng.int(0, height - 1);
        const r = rng.int(0, 6);
        for (let y = Math.max(0, cy - r); y <= Math.min(height - 1, cy + r); y++) {
          for (let x = Math.max(0, cx - r); x <= Math.min(width - 1, cx + r); x++) {
            if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) plane[y * width + x] = rng.between(-1, 2);
          }
        }
      }
      const kernel = gaussianKernel(rng.between(0.3, 3));
      const expected = denseBlur(plane, width, height, kernel);
      blurPlane(plane, width, height, kernel, new Float32Array(width * height).fill(Number.NaN));
      // Only the sign of zero may differ: downstream, every zero is added to a positive background.
      expect(Array.from(plane, (v) => v + 0)).toEqual(Array.from(expected, (v) => v + 0));
    }
  });

  it("adds bleed-through from the original sources only", () => {
    const planes = Float32Array.from([10, 20, 1, 2, 0, 0]);
    applyBleedThrough(planes, 2, [
      [0, 1, 0.5],
      [1, 2, 0.1],
    ]);
    expect(Array.from(planes)).toEqual([10, 20, 6, 12, expect.closeTo(0.1, 6), expect.closeTo(0.2, 6)]);
  });

  it("reads the original of a source that also receives, in a cycle", () => {
    const planes = Float32Array.from([1, 2, 10, 20]);
    applyBleedThrough(planes, 2, [
      [0, 1, 0.5],
      [1, 0, 0.1],
    ]);
    expect(Array.from(planes)).toEqual([2, 4, 10.5, 21]);
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
