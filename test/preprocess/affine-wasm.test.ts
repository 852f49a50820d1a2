import { describe, expect, it } from "vitest";
import { allocPixels, type PixelArray, type PixelDType } from "../../src/core/dtype";
import { createStack } from "../../src/core/stack";
import { kernelInstance } from "../../src/kernels/instance";
import { affineWasm } from "../../src/preprocess/affine-wasm";
import { type Affine, type NormalizeStep, normalize } from "../../src/preprocess/normalize";
import { createPreprocessor } from "../../src/preprocess/pipeline";
import type { DatasetStatistics } from "../../src/preprocess/spec";
import { randomInt, uniform, uniformRange } from "../../src/random/distributions";
import { createRng, type Rng } from "../../src/random/rng";
import { expectIdentical } from "../helpers/identical";

const CHANNELS = ["BF", "DAPI", "CK", "CD45"];

/** Random pixels of a type: the full integer range, or floats with signs, zeros, tiny and huge values. */
function randomPixels(rng: Rng, dtype: PixelDType, length: number): PixelArray {
  const data = allocPixels(dtype, length);
  for (let i = 0; i < length; i++) {
    if (dtype === "uint8") data[i] = randomInt(rng, 0, 255);
    else if (dtype === "uint16") data[i] = randomInt(rng, 0, 65535);
    else {
      const pick = uniform(rng);
      data[i] =
        pick < 0.05
          ? -0
          : pick < 0.1
            ? uniformRange(rng, -1, 1) * 1e-40
            : pick < 0.15
              ? uniformRange(rng, -1, 1) * 1e30
              : uniformRange(rng, -5000, 70000);
    }
  }
  return data;
}

/** Every affine step, with per-channel values where a step takes them. */
function affineSteps(rng: Rng): NormalizeStep[] {
  const four = () => CHANNELS.map(() => uniformRange(rng, -3000, 3000));
  return [
    { op: "scale_range", mode: "per_sample", min_percentile: 1, max_percentile: 99.8 },
    { op: "scale_range", mode: "per_dataset", min_percentile: 1, max_percentile: 99.8 },
    { op: "zero_mean_unit_variance", mode: "per_sample" },
    { op: "zero_mean_unit_variance", mode: "per_dataset" },
    { op: "fixed_zero_mean_unit_variance", mean: four(), std: four().map(Math.abs) },
    { op: "scale_linear", gain: uniformRange(rng, -1e-3, 1e3), offset: four() },
    { op: "scale_bit_depth", bits: 12 },
  ];
}

/** Random dataset statistics: only the mean, std and percentiles are read by the steps. */
function statistics(rng: Rng): DatasetStatistics {
  const channel = () => {
    const lo = uniformRange(rng, 0, 500);
    const hi = lo + uniformRange(rng, 1, 4000);
    return {
      count: 1000,
      mean: uniformRange(rng, 100, 3000),
      std: uniformRange(rng, 1, 900),
      min: lo,
      max: hi,
      percentiles: { "1": lo, "99.8": hi },
    };
  };
  return { version: 1, images: 10, channels: Object.fromEntries(CHANNELS.map((name) => [name, channel()])) };
}

describe("affine steps in the WebAssembly kernels", () => {
  it("compiles here, so the tests below compare the kernels with JavaScript", () => {
    expect(kernelInstance()).toBeDefined();
  });

  it.each(["uint8", "uint16", "float32"] as const)(
    "give JavaScript's values bit for bit on %s pixels, for every affine step and image size",
    (dtype) => {
      const rng = createRng(dtype.length * 7919);
      for (let trial = 0; trial < 12; trial++) {
        // Sizes whose planes end mid-vector (the kernels' scalar tails) and single pixels.
        const height = trial === 0 ? 1 : randomInt(rng, 1, 40);
        const width = trial === 0 ? 1 : randomInt(rng, 1, 40);
        const data = randomPixels(rng, dtype, CHANNELS.length * height * width);
        const stack = createStack(data, { channels: CHANNELS, height, width });
        const stats = statistics(rng);
        for (const step of affineSteps(rng)) {
          const what = `${dtype} ${height} x ${width} ${JSON.stringify(step)}`;
          const js = normalize(stack, step, { statistics: stats, kernels: "js" });
          const wasm = normalize(stack, step, { statistics: stats });
          expectIdentical(wasm.data, js.data, what);
        }
      }
    },
  );

  it("runs for uint8, uint16 and float32 and declines the other types, leaving the output alone", () => {
    const maps: Affine[] = [{ sub: 3, mul: 0.5, add: 1 }];
    for (const dtype of ["uint8", "uint16", "float32"] as const) {
      const out = new Float32Array(8);
      expect(affineWasm(allocPixels(dtype, 8).fill(7), 8, maps, out), dtype).toBe(true);
      expect([...out], dtype).toEqual(Array(8).fill(3));
    }
    for (const data of [
      new Float64Array(8),
      new Int16Array(8),
      new Uint8ClampedArray(8),
      new Uint32Array(8),
    ]) {
      const out = new Float32Array(8).fill(-1);
      expect(affineWasm(data, 8, maps, out), data.constructor.name).toBe(false);
      expect([...out]).toEqual(Array(8).fill(-1));
    }
  });

  it("leaves images larger than the kernels' memory to JavaScript, with the same values", () => {
    // 2 x 1024 x 1024 uint16 needs 4 MiB in and 8 MiB out, within the 16 MiB arena; four channels do not.
    const rng = createRng(5);
    const step: NormalizeStep = { op: "fixed_zero_mean_unit_variance", mean: 1000, std: 500 };
    for (const channels of [CHANNELS.slice(0, 2), CHANNELS]) {
      const data = randomPixels(rng, "uint16", channels.length * 1024 * 1024);
      const stack = createStack(data, { channels, height: 1024, width: 1024 });
      const maps = channels.map(() => ({ sub: 1000, mul: 1 / 500, add: 0 }));
      expect(affineWasm(data, 1024 * 1024, maps, new Float32Array(data.length))).toBe(channels.length === 2);
      const js = normalize(stack, step, { kernels: "js" });
      expectIdentical(normalize(stack, step).data, js.data, `${channels.length} channels`);
    }
  });

  it("runs in place on float32 pixels", () => {
    const rng = createRng(11);
    const data = randomPixels(rng, "float32", 4 * 13 * 7) as Float32Array;
    const stack = createStack(data, { channels: CHANNELS, height: 13, width: 7 });
    const step: NormalizeStep = { op: "zero_mean_unit_variance", mode: "per_sample" };
    const js = normalize(stack, step, { kernels: "js" });
    normalize(stack, step, { out: data });
    expectIdentical(data, js.data, "in place");
  });

  it("are what a preprocessor runs unless told kernels: js, with the same values", () => {
    const rng = createRng(3);
    const stack = createStack(randomPixels(rng, "uint16", 4 * 33 * 31), {
      channels: CHANNELS,
      height: 33,
      width: 31,
    });
    const pre = createPreprocessor({
      version: 1,
      channels: ["CK", "DAPI"],
      steps: [{ op: "fixed_zero_mean_unit_variance", mean: [900, 1100], std: [400, 600] }],
    });
    expectIdentical(pre.run(stack).data, pre.run(stack, { kernels: "js" }).data, "preprocessor");
  });
});
