import { describe, expect, it } from "vitest";
import { DEFAULT_TRAINING_PIPELINE } from "../../src/augment/defaults";
import { augment, parseAugmentPipeline } from "../../src/augment/pipeline";
import { warpAffine } from "../../src/augment/sampler";
import { type CtcErrorCode, isCtcError } from "../../src/core/errors";
import { createStack } from "../../src/core/stack";
import { randomStack } from "./helpers";

const CHANNELS = ["BF", "DAPI", "CK", "CD45"];

function expectError(call: () => unknown, code: CtcErrorCode, field: string): void {
  try {
    call();
  } catch (error) {
    if (!isCtcError(error)) throw error;
    expect([error.code, error.field]).toEqual([code, field]);
    return;
  }
  expect.fail(`expected a CtcError ${code}`);
}

/** Every op family the pipeline runs differently: views, warps, fused point steps, other ops, a crop. */
const MIXED = parseAugmentPipeline({
  version: 1,
  steps: [
    { op: "dihedral" },
    { op: "random_apply", p: 0.5, step: { op: "affine", degrees: [-30, 30], scale: [0.8, 1.2] } },
    { op: "brightness", range: [-0.1, 0.1] },
    { op: "blur", range: [0.3, 1] },
    { op: "contrast", range: [0.7, 1.4] },
    { op: "shot_noise", model: "gaussian", photons: [100, 1000], read_sigma: [0, 0.02] },
  ],
});

const CROPPED = parseAugmentPipeline({
  version: 1,
  steps: [
    { op: "affine", degrees: [-30, 30] },
    { op: "crop", height: 10, width: 8 },
    { op: "brightness", range: [-0.1, 0.1] },
  ],
});

/** Ending in a view (a quarter turn of a non-square image) and in an op that allocates its result. */
const VIEW_LAST = parseAugmentPipeline({
  version: 1,
  steps: [
    { op: "brightness", range: [-0.1, 0.1] },
    { op: "dihedral", elements: [1, 5] },
  ],
});
const BLUR_LAST = parseAugmentPipeline({
  version: 1,
  steps: [
    { op: "affine", degrees: [-30, 30] },
    { op: "blur", range: [0.3, 1] },
  ],
});

describe("augmenting into the caller's array", () => {
  it("gives the values of a fresh result, for every kernel choice and pipeline, writing nothing else", () => {
    const cell = randomStack(5, CHANNELS, 16, 13);
    const before = cell.data.slice();
    const pipelines = [parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE), MIXED, CROPPED, VIEW_LAST, BLUR_LAST];
    for (const [p, pipeline] of pipelines.entries()) {
      for (const kernels of ["auto", "js"] as const) {
        for (let index = 0; index < 24; index++) {
          const fresh = augment(cell, pipeline, { seed: p, index, kernels });
          // Longer than needed: the result is its head, and the tail keeps its values.
          const out = new Float32Array(fresh.stack.data.length + 3).fill(7);
          const into = augment(cell, pipeline, { seed: p, index, kernels, out });
          expect(into.stack.data.buffer).toBe(out.buffer);
          expect(into.stack.data.length).toBe(fresh.stack.data.length);
          expect([into.stack.height, into.stack.width]).toEqual([fresh.stack.height, fresh.stack.width]);
          expect(Array.from(into.stack.data)).toEqual(Array.from(fresh.stack.data));
          expect(Array.from(out.subarray(-3))).toEqual([7, 7, 7]);
        }
      }
    }
    expect(cell.data).toEqual(before);
  });

  it("works for integer stacks, which round after every step", () => {
    const cell = createStack(
      Uint16Array.from(randomStack(6, CHANNELS, 12, 12).data, (v) => v * 60000),
      { channels: CHANNELS, height: 12, width: 12 },
    );
    for (let index = 0; index < 16; index++) {
      const fresh = augment(cell, MIXED, { seed: 9, index });
      const out = new Uint16Array(fresh.stack.data.length);
      expect(augment(cell, MIXED, { seed: 9, index, out }).stack.data).toEqual(fresh.stack.data);
    }
  });

  it("rejects an array that is too short, of another pixel type, or sharing the input's memory", () => {
    const cell = randomStack(7, CHANNELS, 8, 8);
    const pipeline = parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE);
    expectError(
      () => augment(cell, pipeline, { seed: 1, out: new Float32Array(255) }),
      "SHAPE_MISMATCH",
      "out",
    );
    expectError(
      () => augment(cell, pipeline, { seed: 1, out: new Float64Array(256) }),
      "UNSUPPORTED_DTYPE",
      "out",
    );
    expectError(() => augment(cell, pipeline, { seed: 1, out: cell.data }), "INVALID_ARGUMENT", "out");
    const identity = [1, 0, 0, 0, 1, 0] as const;
    expectError(
      () => warpAffine(cell, identity, cell, { out: cell.data.subarray(4) }),
      "INVALID_ARGUMENT",
      "out",
    );
  });

  it("lets a warp write into the caller's array, with the values of a fresh one", () => {
    const cell = randomStack(8, CHANNELS, 9, 11);
    const matrix = [0.9, 0.2, 1.5, -0.1, 1.1, -0.7] as const;
    for (const kernels of ["auto", "js"] as const) {
      const fresh = warpAffine(cell, matrix, cell, { kernels, fill: "constant", cval: 0.5 });
      const out = new Float32Array(cell.data.length);
      const into = warpAffine(cell, matrix, cell, { kernels, fill: "constant", cval: 0.5, out });
      expect(into.data).toBe(out);
      expect(out).toEqual(fresh.data);
    }
  });
});
