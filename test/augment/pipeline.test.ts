import { describe, expect, it } from "vitest";
import { DEFAULT_TRAINING_PIPELINE } from "../../src/augment/defaults";
import { AUGMENT_OPS } from "../../src/augment/ops";
import {
  applyAugmentation,
  augment,
  parseAugmentPipeline,
  sampleAugmentation,
} from "../../src/augment/pipeline";
import { CtcError } from "../../src/core/errors";
import { type ChannelStack, createStack } from "../../src/core/stack";
import { createRng, sampleRng } from "../../src/random/rng";
import { randomStack } from "./helpers";

const everything = {
  version: 1,
  steps: [
    { op: "dihedral" },
    {
      op: "one_of",
      steps: [{ op: "hflip" }, { op: "vflip" }, { op: "rotate", degrees: [-30, 30] }],
      weights: [1, 1, 2],
    },
    {
      op: "random_apply",
      p: 0.7,
      step: { op: "sequence", steps: [{ op: "scale" }, { op: "shear" }, { op: "translate" }] },
    },
    { op: "affine", degrees: [-5, 5], fill: "symmetric" },
    { op: "elastic", grid: 3, sigma: 0.5 },
    { op: "resized_crop", height: 10, width: 10, scale: [0.5, 1] },
    { op: "crop", height: 8, width: 8 },
    { op: "brightness", range: [-0.1, 0.1], channels: ["DAPI"] },
    { op: "contrast" },
    { op: "gamma" },
    { op: "illumination" },
    { op: "blur", range: [0, 0.8] },
    { op: "bleed_through", from: "CK", to: "CD45" },
    { op: "shot_noise", photons: [50, 500], read_sigma: [0, 0.01] },
    { op: "hot_pixels" },
    { op: "channel_dropout", p: 0.2 },
    { op: "misregistration" },
  ],
};

function specError(spec: unknown): CtcError {
  try {
    parseAugmentPipeline(spec);
  } catch (err) {
    if (err instanceof CtcError) return err;
    throw err;
  }
  throw new Error("expected INVALID_SPEC");
}

describe("pipelines", () => {
  const pipeline = parseAugmentPipeline(everything);

  it("same seed gives identical output; different seed, epoch or index differ", () => {
    const stack = randomStack(1, ["DAPI", "CK", "CD45"], 16, 14);
    const a = augment(stack, pipeline, { seed: 42, epoch: 1, index: 7 });
    expect(augment(stack, pipeline, { seed: 42, epoch: 1, index: 7 })).toEqual(a);
    for (const other of [
      { seed: 43, epoch: 1, index: 7 },
      { seed: 42, epoch: 2, index: 7 },
      { seed: 42, epoch: 1, index: 8 },
    ]) {
      expect(augment(stack, pipeline, other).stack.data).not.toEqual(a.stack.data);
    }
  });

  it("replays a logged record exactly, after a JSON round trip", () => {
    const stack = randomStack(2, ["DAPI", "CK", "CD45"], 16, 14);
    const { stack: out, record } = augment(stack, pipeline, { seed: 3, index: 1 });
    const logged = JSON.parse(JSON.stringify(record));
    expect(applyAugmentation(stack, logged).stack).toEqual(out);
  });

  it("overwrites only its own intermediate stacks, with what op-by-op application gives", () => {
    const stack = randomStack(4, ["DAPI", "CK", "CD45"], 16, 14);
    const before = stack.data.slice();
    const { stack: out, record } = augment(stack, pipeline, { seed: 5, index: 2 });
    expect(stack.data).toEqual(before);
    const stepwise = record.steps.reduce<ChannelStack>(
      (s, step) => AUGMENT_OPS[step.op].apply(s, step.params),
      stack,
    );
    expect(out).toEqual(stepwise);
    const photometric = { version: 1, steps: [{ op: "brightness", params: { offset: { DAPI: 0.1 } } }] };
    applyAugmentation(stack, photometric);
    expect(stack.data).toEqual(before);
  });

  it("runs the default pipeline fused (views, one warp, one per-value pass) with exactly the op-by-op pixels", () => {
    const training = parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE);
    const f32 = randomStack(6, ["BF", "DAPI", "CK", "CD45"], 12, 9);
    const f64 = createStack(Float64Array.from(f32.data), f32);
    for (const stack of [f32, f64]) {
      const before = stack.data.slice();
      const elements = new Set<number>();
      for (let index = 0; index < 48; index++) {
        const { stack: out, record } = augment(stack, training, { seed: 2, index });
        const stepwise = record.steps.reduce<ChannelStack>(
          (s, step) => AUGMENT_OPS[step.op].apply(s, step.params),
          stack,
        );
        expect(out).toEqual(stepwise);
        elements.add((record.steps[0].params as { k: number }).k);
      }
      expect(stack.data).toEqual(before);
      expect(elements.size).toBe(8);
    }
  });

  it("keeps channel names and dtype, follows crops in shape, and moves a mask with the geometry", () => {
    const stack = createStack(
      new Uint16Array(3 * 16 * 14).map((_, i) => (i * 37) % 4000),
      {
        channels: ["DAPI", "CK", "CD45"],
        height: 16,
        width: 14,
      },
    );
    const mask = createStack(new Uint8Array(16 * 14).fill(1), { channels: ["mask"], height: 16, width: 14 });
    for (let index = 0; index < 20; index++) {
      const out = augment(stack, pipeline, { seed: 9, index, mask });
      expect(out.stack.data).toBeInstanceOf(Uint16Array);
      expect(out.stack.channels).toEqual(stack.channels);
      expect([out.stack.height, out.stack.width]).toEqual([8, 8]);
      expect([out.mask?.height, out.mask?.width]).toEqual([8, 8]);
      expect(out.mask?.data.every((v) => v === 0 || v === 1)).toBe(true);
    }
  });

  it("applies only geometric steps to the mask, identically to the image", () => {
    const image = createStack(
      Uint8Array.from({ length: 36 }, (_, i) => i),
      { channels: ["A"], height: 6, width: 6 },
    );
    const geo = parseAugmentPipeline({
      version: 1,
      steps: [{ op: "dihedral" }, { op: "brightness", range: [5, 5] }],
    });
    for (let index = 0; index < 8; index++) {
      const out = augment(image, geo, { seed: 1, index, mask: image });
      expect(Array.from(out.stack.data)).toEqual(Array.from(out.mask?.data ?? []).map((v) => v + 5));
    }
  });

  it("random_apply applies with probability p and one_of follows its weights", () => {
    const p = parseAugmentPipeline({
      version: 1,
      steps: [
        { op: "random_apply", p: 0.3, step: { op: "hflip" } },
        { op: "one_of", steps: [{ op: "vflip" }, { op: "dihedral", elements: [1] }], weights: [3, 1] },
      ],
    });
    let flips = 0;
    let vflips = 0;
    const shape = { channels: ["A"], height: 4, width: 4 };
    for (let i = 0; i < 4000; i++) {
      const ops = sampleAugmentation(p, sampleRng(0, 0, i), shape).steps.map((s) => s.op);
      if (ops.includes("hflip")) flips += 1;
      if (ops.includes("vflip")) vflips += 1;
    }
    // Binomial standard deviations: 29 and 27.
    expect(Math.abs(flips - 1200)).toBeLessThan(120);
    expect(Math.abs(vflips - 3000)).toBeLessThan(110);
  });

  it("reports unknown ops, unknown keys, bad versions and out-of-range values with their path", () => {
    expect(specError({ version: 2, steps: [] }).field).toBe("version");
    expect(specError({ version: 1, steps: [], extra: 1 }).field).toBe("extra");
    expect(specError({ version: 1, steps: [{ op: "twirl" }] }).field).toBe("steps[0].op");
    const nested = specError({
      version: 1,
      steps: [{ op: "hflip" }, { op: "random_apply", p: 0.5, step: { op: "rotate", degrees: [0, 400] } }],
    });
    expect(nested.code).toBe("INVALID_SPEC");
    expect(nested.field).toBe("steps[1].step.degrees");
    expect(nested.message).toContain('step "rotate"');
    expect(
      specError({ version: 1, steps: [{ op: "random_apply", p: 2, step: { op: "hflip" } }] }).field,
    ).toBe("steps[0].p");
    expect(
      specError({ version: 1, steps: [{ op: "one_of", steps: [{ op: "hflip" }], weights: [0] }] }).field,
    ).toBe("steps[0].weights");
    expect(specError({ version: 1, steps: [{ op: "contrast", range: [0, 2] }] }).field).toBe(
      "steps[0].range",
    );
    expect(specError({ version: 1, steps: [{ op: "blur", sigma: [0, 1] }] }).field).toBe("steps[0].sigma");
    expect(
      specError({ version: 1, steps: [{ op: "sequence", steps: [{ op: "crop", height: 0, width: 4 }] }] })
        .field,
    ).toBe("steps[0].steps[0].height");
  });

  it("rejects a mask of another size", () => {
    const stack = randomStack(1, ["A"], 4, 4);
    const mask = createStack(new Uint8Array(9), { channels: ["mask"], height: 3, width: 3 });
    expect(() => applyAugmentation(stack, { version: 1, steps: [] }, { mask })).toThrow(/mask/);
  });

  it("samples from any generator, not only per-sample streams", () => {
    const record = sampleAugmentation(parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE), createRng(1), {
      channels: ["A"],
      height: 8,
      width: 8,
    });
    expect(record.steps[0].op).toBe("dihedral");
  });
});
