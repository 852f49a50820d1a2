import { describe, expect, it } from "vitest";
import { brightnessOp, contrastOp } from "../../src/augment/intensity";
import { shotNoiseOp } from "../../src/augment/noise";
import type { AugmentOp } from "../../src/augment/op";
import { applyPointSteps, type PointStep } from "../../src/augment/pointwise";
import { type ChannelStack, createStack } from "../../src/core/stack";
import { createRng } from "../../src/random/rng";
import { randomStack } from "./helpers";

const CHANNELS = ["BF", "DAPI", "CK", "CD45"];

/** A chain of brightness, contrast and noise steps drawn from a seed, as ops and as point steps. */
function chain(seed: number, ops: readonly string[], shape: ChannelStack) {
  const byName: Record<string, AugmentOp> = {
    brightness: brightnessOp as AugmentOp,
    contrast: contrastOp as AugmentOp,
    noise: shotNoiseOp as AugmentOp,
  };
  const rng = createRng(seed);
  return ops.map((name, i) => {
    const op = byName[name];
    const config =
      name === "noise"
        ? { model: "gaussian", photons: [20, 200], readSigma: [0, 0.05] }
        : {
            range: name === "brightness" ? [-0.5, 0.5] : [0.5, 2],
            perChannel: true,
            channels: i % 2 ? ["CK", "BF"] : undefined,
          };
    const params = op.sample(rng, shape, config);
    const point = op.pointStep?.(params);
    if (!point) throw new Error(`${name} has no point step`);
    return { op, params, point };
  });
}

function stepwise(stack: ChannelStack, steps: ReturnType<typeof chain>): ChannelStack {
  return steps.reduce<ChannelStack>((s, { op, params }) => op.apply(s, params), stack);
}

const PLANS = [
  ["brightness", "contrast", "noise"],
  ["noise", "brightness", "contrast", "brightness", "contrast", "brightness", "noise", "contrast"],
  ["contrast", "brightness", "contrast"],
];

describe("applyPointSteps", () => {
  it("gives exactly what the ops give one by one, fused, in place or not, for every float and integer dtype", () => {
    const base = randomStack(3, CHANNELS, 7, 5);
    const stacks: ChannelStack[] = [
      base,
      createStack(
        Float64Array.from(base.data, (v) => v * 3 - 1),
        base,
      ),
      createStack(
        Uint16Array.from(base.data, (v) => v * 60000),
        base,
      ),
      createStack(
        Int8Array.from(base.data, (v) => v * 250 - 125),
        base,
      ),
    ];
    for (const stack of stacks) {
      for (const [p, plan] of PLANS.entries()) {
        const steps = chain(p, plan, stack);
        const expected = stepwise(stack, steps).data;
        const points: PointStep[] = steps.map((s) => s.point);
        const fresh = applyPointSteps(stack, points, false);
        expect(fresh.data).toEqual(expected);
        expect(fresh.data.constructor).toBe(stack.data.constructor);
        const copy = createStack(stack.data.slice(), stack);
        expect(applyPointSteps(copy, points, true).data).toEqual(expected);
      }
    }
  });

  it("never writes the input unless allowed, and writes in place when allowed", () => {
    const stack = randomStack(4, CHANNELS, 4, 4);
    const before = stack.data.slice();
    const points = chain(1, PLANS[0], stack).map((s) => s.point);
    expect(applyPointSteps(stack, points, false)).not.toBe(stack);
    expect(stack.data).toEqual(before);
    expect(applyPointSteps(stack, points, true)).toBe(stack);
    expect(stack.data).not.toEqual(before);
  });

  it("keeps the sign of zeros through contrast, as multiplication does", () => {
    const stack = createStack(Float32Array.of(0, -0, 1, -1), { channels: ["A"], height: 2, width: 2 });
    const out = applyPointSteps(stack, [{ kind: "linear", channels: { A: [2, -0] } }], false).data;
    expect(Object.is(out[0], 0)).toBe(true);
    expect(Object.is(out[1], -0)).toBe(true);
  });

  it("reads the input again for each visit of a channel listed twice by a noise step, as one-by-one does", () => {
    // Only a hand-made record lists a channel twice.
    const stack = randomStack(5, ["A", "B"], 3, 3);
    const params = {
      model: "gaussian" as const,
      photons: 50,
      read_sigma: 0.1,
      seed: 8,
      channels: ["A", "B", "A"],
    };
    const copy = createStack(stack.data.slice(), stack);
    const steps = [brightnessOp.pointStep?.({ offset: { A: 1 } }), shotNoiseOp.pointStep?.(params)];
    const out = applyPointSteps(
      copy,
      steps.filter((s) => s !== undefined),
      true,
    );
    const expected = shotNoiseOp.apply(brightnessOp.apply(stack, { offset: { A: 1 } }), params);
    expect(out.data).toEqual(expected.data);
  });
});
