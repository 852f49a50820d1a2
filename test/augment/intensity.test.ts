import { describe, expect, it } from "vitest";
import { brightnessOp, contrastOp, gammaOp } from "../../src/augment/intensity";
import { StepReader } from "../../src/augment/spec";
import { createStack } from "../../src/core/stack";
import { createRng } from "../../src/random/rng";

const floats = () =>
  createStack(Float32Array.from([0, 0.25, 1, 2]), { channels: ["A", "B"], height: 1, width: 2 });
const u16 = () =>
  createStack(Uint16Array.from([0, 1000, 65000, 65535]), { channels: ["A", "B"], height: 1, width: 2 });

describe("intensity ops", () => {
  it("brightness adds per channel; floats unclamped, integers clamped", () => {
    expect(Array.from(brightnessOp.apply(floats(), { offset: { A: -1, B: 0.5 } }).data)).toEqual([
      -1, -0.75, 1.5, 2.5,
    ]);
    const out = brightnessOp.apply(u16(), { offset: { A: -2000.4, B: 600 } });
    expect(out.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(out.data)).toEqual([0, 0, 65535, 65535]);
  });

  it("contrast multiplies; gamma keeps 0 and full scale fixed", () => {
    expect(Array.from(contrastOp.apply(floats(), { gain: { B: 2 } }).data)).toEqual([0, 0.25, 2, 4]);
    const g = gammaOp.apply(floats(), { gamma: { A: 2, B: 0.5 } }).data;
    expect(g[1]).toBeCloseTo(0.0625, 7);
    expect(g[2]).toBe(1);
    expect(g[3]).toBeCloseTo(Math.SQRT2, 6);
    const gi = gammaOp.apply(u16(), { gamma: { A: 2, B: 2 } }).data;
    expect(Array.from(gi)).toEqual([0, 15, Math.round(65535 * (65000 / 65535) ** 2), 65535]);
  });

  it("with identity parameters returns the input values", () => {
    const s = u16();
    expect(brightnessOp.apply(s, { offset: { A: 0, B: 0 } }).data).toEqual(s.data);
    expect(contrastOp.apply(s, { gain: { A: 1, B: 1 } }).data).toEqual(s.data);
    expect(gammaOp.apply(s, { gamma: { A: 1, B: 1 } }).data).toEqual(s.data);
  });

  it("contrast gains are log-uniform: as many below 1 as above for [0.8, 1.25]", () => {
    const rng = createRng(21);
    const config = contrastOp.parse(new StepReader({ op: "contrast", range: [0.8, 1.25] }, "s", "contrast"));
    let below = 0;
    for (let i = 0; i < 4000; i++) {
      const { gain } = contrastOp.sample(rng, { channels: ["A"], height: 1, width: 1 }, config);
      expect(gain.A).toBeGreaterThanOrEqual(0.8);
      expect(gain.A).toBeLessThanOrEqual(1.25);
      if (gain.A < 1) below += 1;
    }
    expect(Math.abs(below - 2000)).toBeLessThan(130);
  });
});
