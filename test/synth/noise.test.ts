import { describe, expect, it } from "vitest";
import type { ChannelSpec } from "../../src/synth/config";
import { cameraFor, exposeRun } from "../../src/synth/noise";
import { PRESETS } from "../../src/synth/presets";
import { Rng } from "../../src/synth/rng";

const channel: ChannelSpec = {
  name: "CK",
  stain: "epithelial",
  psfSigmaUm: 0.5,
  background: 0.03,
  fullWellPhotons: 1000,
};
const imaging = { ...PRESETS["paper-like"].imaging, readNoise: 0.002, offset: 0.01 };

function expose(level: number, n: number, normalAbove: number, noiseScale = 1): Float64Array {
  const camera = { ...cameraFor(channel, imaging, 16, noiseScale), normalAbove };
  const out = new Uint16Array(n);
  exposeRun(new Float32Array(n).fill(level), 0, n, out, 0, camera, new Rng(1));
  return Float64Array.from(out);
}

function stats(x: Float64Array): [number, number] {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return [mean, x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length];
}

describe("camera noise", () => {
  const camera = cameraFor(channel, imaging, 16, 1);

  it("maps full scale to the top of the bit depth and scales noise by noiseScale", () => {
    expect(camera.gain * camera.photonsPerUnit).toBe(65535);
    expect(camera.offset).toBeCloseTo(655.35, 6);
    expect(cameraFor(channel, imaging, 8, 2).photonsPerUnit).toBe(250);
    expect(cameraFor(channel, imaging, 8, 2).readNoise).toBeCloseTo(0.004 * 255, 9);
  });

  it.each([
    ["Poisson", Number.POSITIVE_INFINITY],
    ["normal approximation", 0],
  ])("gives mean offset + gain lambda and variance gain^2 lambda + read^2 (%s)", (_, normalAbove) => {
    const level = 0.05; // 50 photons
    const [mean, variance] = stats(expose(level, 100_000, normalAbove));
    const lambda = level * camera.photonsPerUnit;
    expect(mean / (camera.offset + camera.gain * lambda)).toBeCloseTo(1, 2);
    expect(variance / (camera.gain ** 2 * lambda + camera.readNoise ** 2)).toBeCloseTo(1, 1);
  });

  it("draws exactly what one Rng call per draw gives, on the Poisson and the normal path", () => {
    const n = 20_000;
    const levels = new Float32Array(n + 7);
    const setup = new Rng(3);
    // Levels below and above normalAbove (10 photons = 0.01), negative, and past saturation.
    for (let i = 0; i < levels.length; i++)
      levels[i] = setup.chance(0.05) ? setup.between(-0.1, 1.5) : setup.between(-0.01, 0.03);
    for (const bitDepth of [8, 16] as const) {
      const cam = cameraFor(channel, imaging, bitDepth, 1.5);
      const out = bitDepth === 8 ? new Uint8Array(n + 3) : new Uint16Array(n + 3);
      const rng = new Rng(9, [bitDepth]);
      exposeRun(levels, 7, n, out, 3, cam, rng);
      const reference = new Rng(9, [bitDepth]);
      const expected = Array.from(levels.subarray(7), (level) => {
        const lambda = Math.max(0, level) * cam.photonsPerUnit;
        const value =
          lambda >= cam.normalAbove
            ? cam.offset +
              cam.gain * lambda +
              Math.sqrt(cam.gain ** 2 * lambda + cam.readNoise ** 2) * reference.normal()
            : cam.offset + cam.gain * reference.poisson(lambda) + cam.readNoise * reference.normal();
        return Math.round(Math.min(Math.max(value, 0), cam.maxValue));
      });
      expect(Array.from(out.subarray(3))).toEqual(expected);
      expect(rng.next()).toBe(reference.next());
    }
  });

  it("saturates and clips at the bit depth", () => {
    expect(Math.min(...expose(2, 1000, 10))).toBe(65535);
    expect(Math.max(...expose(-1, 1000, 10))).toBeLessThan(2000);
  });
});
