import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { packBatch, preprocessBatch } from "../../src/preprocess/batch";
import { createPreprocessor, preprocess } from "../../src/preprocess/pipeline";
import type { PreprocessSpec } from "../../src/preprocess/spec";
import { expectCtcError, randomStack, seeded } from "./fixtures";

const random = seeded(21);
const spec: PreprocessSpec = {
  version: 1,
  channels: ["c2", "c0"],
  steps: [
    { op: "scale_range", mode: "per_sample", min_percentile: 1, max_percentile: 99 },
    { op: "resize", height: 5, width: 4, mode: "bilinear" },
  ],
};

describe("packBatch", () => {
  it("lays stacks out as N x C x H x W float32", () => {
    const stacks = [0, 1, 2].map(() => randomStack(random, [2, 3, 4], "uint16"));
    const batch = packBatch(stacks);
    expect(batch.shape).toEqual([3, 2, 3, 4]);
    expect(batch.channels).toEqual(["c0", "c1"]);
    expect(batch.data).toBeInstanceOf(Float32Array);
    for (let n = 0; n < 3; n++) {
      for (let c = 0; c < 2; c++) {
        for (let y = 0; y < 3; y++) {
          for (let x = 0; x < 4; x++) {
            expect(batch.data[((n * 2 + c) * 3 + y) * 4 + x]).toBe(stacks[n].data[(c * 3 + y) * 4 + x]);
          }
        }
      }
    }
  });

  it("reuses a given buffer, as a view of its start when it is longer", () => {
    const out = new Float32Array(2 * 2 * 3 * 4);
    const full = packBatch([randomStack(random, [2, 3, 4]), randomStack(random, [2, 3, 4])], { out });
    expect(full.data).toBe(out);
    const short = packBatch([randomStack(random, [2, 3, 4])], { out });
    expect([short.data.buffer === out.buffer, short.data.length, short.shape[0]]).toEqual([true, 24, 1]);
  });

  it("names the first image that does not fit the batch", () => {
    const a = randomStack(random, [2, 3, 4]);
    const b = createStack(a.data, { channels: ["c1", "c0"], height: 3, width: 4 });
    expect(expectCtcError(() => packBatch([a, a, b]), "SHAPE_MISMATCH").cell).toBe(2);
    expect(expectCtcError(() => packBatch([a, randomStack(random, [2, 4, 3])]), "SHAPE_MISMATCH").cell).toBe(
      1,
    );
    expectCtcError(() => packBatch([a], { out: new Float32Array(23) }), "SHAPE_MISMATCH");
    expectCtcError(() => packBatch([]), "INVALID_ARGUMENT");
  });
});

describe("preprocessBatch", () => {
  it("equals preprocessing each image and packing the results", () => {
    const stacks = [
      randomStack(random, [3, 9, 7]),
      randomStack(random, [3, 12, 12]),
      randomStack(random, [3, 1, 1]),
    ];
    const fused = preprocessBatch(stacks, spec);
    const separate = packBatch(stacks.map((s) => preprocess(s, spec)));
    expect(fused).toEqual(separate);
    expect(fused.channels).toEqual(["c2", "c0"]);
  });

  it("takes a reusable preprocessor and buffer", () => {
    const pre = createPreprocessor(spec);
    const out = new Float32Array(4 * 2 * 5 * 4);
    const stacks = [randomStack(random, [3, 8, 8]), randomStack(random, [3, 8, 8])];
    const batch = preprocessBatch(stacks, pre, { out });
    expect(batch.data.buffer).toBe(out.buffer);
    expect(batch.shape).toEqual([2, 2, 5, 4]);
    expect(preprocessBatch(stacks, pre, { out }).data).toEqual(batch.data);
  });

  it("rejects images that would come out with different sizes, and names failing cells", () => {
    const noResize: PreprocessSpec = { ...spec, steps: [spec.steps[0]] };
    const stacks = [randomStack(random, [3, 8, 8]), randomStack(random, [3, 8, 9])];
    expect(expectCtcError(() => preprocessBatch(stacks, noResize), "SHAPE_MISMATCH").cell).toBe(1);
    const missing = createStack(new Uint16Array(64), { channels: ["c0"], height: 8, width: 8 });
    expect(expectCtcError(() => preprocessBatch([stacks[0], missing], spec), "MISSING_CHANNEL").cell).toBe(1);
    expectCtcError(() => preprocessBatch([], spec), "INVALID_ARGUMENT");
  });
});
