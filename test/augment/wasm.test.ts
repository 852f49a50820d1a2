import { describe, expect, it } from "vitest";
import { affineMatrix, invertAffine } from "../../src/augment/affine";
import { DEFAULT_TRAINING_PIPELINE } from "../../src/augment/defaults";
import { augment, parseAugmentPipeline } from "../../src/augment/pipeline";
import { applyPointSteps, applyPointStepsToView, type PointStep } from "../../src/augment/pointwise";
import { type AffineMatrix, type Fill, warpView } from "../../src/augment/sampler";
import { dihedralView, viewOf } from "../../src/augment/view";
import { warpWasm } from "../../src/augment/wasm/warp";
import { createStack } from "../../src/core/stack";
import { kernelInstance } from "../../src/kernels/instance";
import { randomInt, uniform, uniformRange } from "../../src/random/distributions";
import { createRng, type Rng } from "../../src/random/rng";
import { expectIdentical } from "../helpers/identical";
import { randomStack } from "./helpers";

const FILLS: readonly Fill[] = ["constant", "edge", "reflect", "symmetric"];

/** A random matrix: mild warps, strong ones, and shifts that push most of the image outside. */
function randomMatrix(rng: Rng, height: number, width: number): AffineMatrix {
  const strong = uniform(rng) < 0.5;
  const shift = uniform(rng) < 0.3 ? 3 : 0.3;
  const forward = affineMatrix(
    {
      angle: uniformRange(rng, -180, 180),
      translate: [uniformRange(rng, -shift, shift) * width, uniformRange(rng, -shift, shift) * height],
      scale: [uniformRange(rng, strong ? 0.3 : 0.9, strong ? 3 : 1.1), uniformRange(rng, 0.5, 2)],
      shear: [uniformRange(rng, -40, 40), uniformRange(rng, -40, 40)],
    },
    { height, width },
  );
  return invertAffine(forward);
}

describe("WebAssembly augmentation kernels", () => {
  it("compile in Node", () => {
    expect(kernelInstance()).toBeDefined();
  });

  it("warp exactly as the JavaScript resampler, through every dihedral view, fill and size", () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 240; trial++) {
      const height = randomInt(rng, 1, 17);
      const width = randomInt(rng, 1, 17);
      const channels = ["A", "B", "C", "D", "E"].slice(0, randomInt(rng, 1, 5));
      const stack = randomStack(trial, channels, height, width);
      if (trial % 7 === 0) stack.data[randomInt(rng, 0, stack.data.length - 1)] = Number.NaN;
      const view = dihedralView(viewOf(stack), randomInt(rng, 0, 7));
      const fill = FILLS[trial % 4];
      const cval = trial % 9 === 0 ? Number.NaN : uniformRange(rng, -2, 2);
      const size = { height: randomInt(rng, 1, 19), width: randomInt(rng, 1, 19) };
      const matrix = randomMatrix(rng, view.height, view.width);
      const options = { interpolation: "bilinear", fill, cval } as const;
      const js = warpView(view, matrix, size, { ...options, kernels: "js" });
      const wasm = warpWasm(view, matrix, size.height, size.width, fill, cval);
      expect(wasm, `trial ${trial}`).toBeDefined();
      expectIdentical(wasm as Float32Array, js.data, `trial ${trial} (${fill}, ${height} x ${width})`);
      expectIdentical(warpView(view, matrix, size, options).data, js.data, `trial ${trial} via warpView`);
    }
  });

  it("leave coordinates that are not finite or beyond 2^30 to JavaScript", () => {
    const view = viewOf(randomStack(1, ["A"], 4, 4));
    expect(warpWasm(view, [1, 0, 2 ** 31, 0, 1, 0], 4, 4, "reflect", 0)).toBeUndefined();
    expect(warpWasm(view, [Number.NaN, 0, 0, 0, 1, 0], 4, 4, "reflect", 0)).toBeUndefined();
    const js = warpView(view, [1, 0, 2 ** 31, 0, 1, 0], view, { fill: "edge", kernels: "js" });
    expectIdentical(warpView(view, [1, 0, 2 ** 31, 0, 1, 0], view, { fill: "edge" }).data, js.data, "far");
  });

  it("leave images over the 16 MiB arena to JavaScript, with the same values", () => {
    const big = createStack(new Float32Array(4 * 1024 * 1100).fill(0.25), {
      channels: ["A", "B", "C", "D"],
      height: 1024,
      width: 1100,
    });
    const matrix: AffineMatrix = [1, 0, 0.5, 0, 1, 0.25];
    expect(warpWasm(viewOf(big), matrix, 1024, 1100, "reflect", 0)).toBeUndefined();
    const small = randomStack(3, ["A", "B"], 64, 64);
    expect(warpWasm(viewOf(small), matrix, 64, 64, "reflect", 0)).toBeDefined();
  });

  it("keep their values when the memory grows between calls (small, large, small again)", () => {
    const pipeline = parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE);
    for (const [size, index] of [
      [16, 1],
      [600, 2],
      [16, 3],
      [600, 4],
    ]) {
      const cell = randomStack(size, ["BF", "DAPI", "CK", "CD45"], size, size);
      const wasm = augment(cell, pipeline, { seed: 5, index });
      const js = augment(cell, pipeline, { seed: 5, index, kernels: "js" });
      expectIdentical(wasm.stack.data, js.stack.data, `${size} x ${size}`);
    }
  });

  it("run brightness, contrast and noise exactly as the JavaScript passes, on views and odd sizes", () => {
    const rng = createRng(12);
    const names = ["BF", "DAPI", "CK", "CD45"];
    for (let trial = 0; trial < 200; trial++) {
      const height = randomInt(rng, 1, 13);
      const width = randomInt(rng, 1, 13);
      const stack = randomStack(100 + trial, names, height, width);
      stack.data[0] = trial % 3 === 0 ? -0.5 : stack.data[0];
      const steps: PointStep[] = [];
      for (let s = randomInt(rng, 1, 6); s > 0; s--) {
        const subset = names.filter(() => uniform(rng) < 0.6);
        const channels = subset.length > 0 ? subset : ["CK"];
        steps.push(
          uniform(rng) < 0.4
            ? {
                kind: "gaussian_noise",
                channels,
                perPhoton: uniform(rng) < 0.2 ? 0 : 1 / uniformRange(rng, 10, 2000),
                variance: uniformRange(rng, 0, 0.01),
                seed: randomInt(rng, 0, 2 ** 31),
              }
            : {
                kind: "linear",
                channels: Object.fromEntries(
                  channels.map((c) => [c, [uniformRange(rng, 0.5, 2), uniformRange(rng, -0.3, 0.3)]]),
                ),
              },
        );
      }
      const before = stack.data.slice();
      const view = dihedralView(viewOf(stack), trial % 8);
      const js = applyPointStepsToView(view, steps, false, "js");
      expectIdentical(applyPointStepsToView(view, steps, false, "auto").data, js.data, `trial ${trial}`);
      expect(stack.data).toEqual(before);
      // In place, into pixels the caller gave away.
      const copy = createStack(stack.data.slice(), stack);
      const inPlace = applyPointSteps(copy, steps, true);
      expect(inPlace).toBe(copy);
      expectIdentical(
        inPlace.data,
        applyPointSteps(stack, steps, false, "js").data,
        `trial ${trial} in place`,
      );
    }
  });

  it("give the default training pipeline's exact JavaScript output", () => {
    const pipeline = parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE);
    const cell = randomStack(7, ["BF", "DAPI", "CK", "CD45"], 64, 64);
    for (let index = 0; index < 64; index++) {
      const wasm = augment(cell, pipeline, { seed: 3, index });
      const js = augment(cell, pipeline, { seed: 3, index, kernels: "js" });
      expect(wasm.record).toEqual(js.record);
      expectIdentical(wasm.stack.data, js.stack.data, `index ${index}`);
    }
  });
});
