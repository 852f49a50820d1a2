import { describe, expect, it } from "vitest";
import { DEFAULT_TRAINING_PIPELINE } from "../../src/augment/defaults";
import { augment, parseAugmentPipeline } from "../../src/augment/pipeline";
import { randomStack } from "./helpers";

describe("DEFAULT_TRAINING_PIPELINE", () => {
  it("is valid, frozen, and keeps a 4 x 64 x 64 float32 cell's shape", () => {
    const pipeline = parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE);
    expect(Object.isFrozen(DEFAULT_TRAINING_PIPELINE)).toBe(true);
    const stack = randomStack(1, ["BF", "DAPI", "CK", "CD45"], 64, 64);
    const out = augment(stack, pipeline, { seed: 1, epoch: 0, index: 0 });
    expect(out.stack.data).toBeInstanceOf(Float32Array);
    expect([out.stack.height, out.stack.width]).toEqual([64, 64]);
    expect(out.record.steps.map((s) => s.op)).toContain("shot_noise");
  });
});
