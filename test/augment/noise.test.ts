import { describe, expect, it } from "vitest";
import { shotNoise, shotNoiseOp } from "../../src/augment/noise";
import { applyPointSteps } from "../../src/augment/pointwise";
import { StepReader } from "../../src/augment/spec";
import { createStack } from "../../src/core/stack";
import { fillNormals16 } from "../../src/random/normal16";
import { createRng } from "../../src/random/rng";
import { Xoshiro128 } from "../../src/random/xoshiro128";

const flat = (value: number, n = 20000) =>
  createStack(new Float32Array(n).fill(value), { channels: ["A"], height: 100, width: n / 100 });

function moments(data: ArrayLike<number>): [number, number] {
  let mean = 0;
  for (let i = 0; i < data.length; i++) mean += data[i];
  mean /= data.length;
  let v = 0;
  for (let i = 0; i < data.length; i++) v += (data[i] - mean) ** 2;
  return [mean, v / (data.length - 1)];
}

describe("shot noise", () => {
  it("has Poisson variance x / photons plus read-noise variance", () => {
    const out = shotNoise(flat(0.5), {
      model: "poisson",
      photons: 400,
      read_sigma: 0.01,
      seed: 1,
      channels: ["A"],
    });
    const [mean, variance] = moments(out.data);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(0.5 / 400 / 20000));
    const expected = 0.5 / 400 + 0.01 ** 2;
    expect(Math.abs(variance / expected - 1)).toBeLessThan(0.05);
  });

  it("gaussian model has the same mean and variance", () => {
    const out = shotNoise(flat(0.5), {
      model: "gaussian",
      photons: 400,
      read_sigma: 0.01,
      seed: 1,
      channels: ["A"],
    });
    const [mean, variance] = moments(out.data);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(0.5 / 400 / 20000));
    expect(Math.abs(variance / (0.5 / 400 + 0.01 ** 2) - 1)).toBeLessThan(0.05);
  });

  it("gives integer counts at photons = 1 on integer data, clamped at 0", () => {
    const stack = createStack(new Uint8Array(1000).fill(3), { channels: ["A"], height: 10, width: 100 });
    const out = shotNoise(stack, { model: "poisson", photons: 1, read_sigma: 5, seed: 2, channels: ["A"] });
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(out.data.some((v) => v === 0)).toBe(true);
  });

  it("replays from its seed and differs across seeds", () => {
    const p = { model: "poisson" as const, photons: 100, read_sigma: 0.02, channels: ["A"] };
    const a = shotNoise(flat(0.2, 400), { ...p, seed: 5 }).data;
    expect(shotNoise(flat(0.2, 400), { ...p, seed: 5 }).data).toEqual(a);
    expect(shotNoise(flat(0.2, 400), { ...p, seed: 6 }).data).not.toEqual(a);
  });

  it("samples read noise only when photons is omitted", () => {
    const config = shotNoiseOp.parse(
      new StepReader({ op: "shot_noise", read_sigma: [0, 0.1] }, "s", "shot_noise"),
    );
    const params = shotNoiseOp.sample(createRng(3), { channels: ["A", "B"], height: 1, width: 1 }, config);
    expect(params.photons).toBeNull();
    expect(params.channels).toEqual(["A", "B"]);
    expect(params.read_sigma).toBeLessThan(0.1);
    const [mean] = moments(shotNoise(flat(0.3), { ...params, channels: ["A"] }).data);
    expect(mean).toBeCloseTo(0.3, 2);
  });
});

describe("shot noise stream", () => {
  it("adds sd * z with z from fillNormals16 on a xoshiro128** stream seeded by the params, each channel on fresh draws", () => {
    const x = 0.25;
    const p = { model: "gaussian" as const, photons: 300, read_sigma: 0.02, seed: 9, channels: ["B", "A"] };
    // Planes of 3 values: an odd length leaves the upper half of each channel's last draw unused.
    const stack = createStack(new Float32Array(6).fill(x), { channels: ["A", "B"], height: 1, width: 3 });
    const out = shotNoise(stack, p).data;
    const rng = new Xoshiro128(9);
    const z = new Float64Array(3);
    const sd = Math.sqrt(x / 300 + 0.02 ** 2);
    fillNormals16(rng, z);
    const b = Float32Array.from(z, (v) => x + sd * v);
    fillNormals16(rng, z);
    const a = Float32Array.from(z, (v) => x + sd * v);
    expect(out).toEqual(Float32Array.from([...a, ...b]));
  });

  it("is fused by pipelines in place, and only the Poisson model is applied in place by its own op", () => {
    const gaussian = { model: "gaussian" as const, photons: 300, read_sigma: 0.02, seed: 4, channels: ["A"] };
    const stack = flat(0.1, 400);
    const step = shotNoiseOp.pointStep?.(gaussian);
    expect(step?.kind).toBe("gaussian_noise");
    const copy = createStack(stack.data.slice(), stack);
    expect(applyPointSteps(copy, step ? [step] : [], true)).toBe(copy);
    expect(copy.data).toEqual(shotNoiseOp.apply(stack, gaussian).data);
    const poisson = { ...gaussian, model: "poisson" as const };
    expect(shotNoiseOp.pointStep?.(poisson)).toBeUndefined();
    const again = createStack(stack.data.slice(), stack);
    expect(shotNoiseOp.applyInPlace?.(again, poisson)).toBe(true);
    expect(again.data).toEqual(shotNoiseOp.apply(stack, poisson).data);
  });
});
