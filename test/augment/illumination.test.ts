import { describe, expect, it } from "vitest";
import { applyIllumination, illuminationOp } from "../../src/augment/illumination";
import { StepReader } from "../../src/augment/spec";
import { createRng } from "../../src/random/rng";
import { randomStack } from "./helpers";

describe("illumination", () => {
  it("is the identity with zero log-gain and a uniform gain with a constant one", () => {
    const stack = randomStack(5, ["A", "B"], 6, 7);
    expect(applyIllumination(stack, { grid: 2, log_gain: { A: [0, 0, 0, 0] } }).data).toEqual(stack.data);
    const doubled = applyIllumination(stack, { grid: 2, log_gain: { B: new Array(4).fill(Math.LN2) } });
    for (let i = 42; i < 84; i++) expect(doubled.data[i]).toBeCloseTo(2 * stack.data[i], 5);
    for (let i = 0; i < 42; i++) expect(doubled.data[i]).toBe(stack.data[i]);
  });

  it("draws control log-gains with the declared spread, shared when per_channel is false", () => {
    const rng = createRng(22);
    const shape = { channels: ["A", "B"], height: 8, width: 8 };
    const shared = illuminationOp.sample(
      rng,
      shape,
      illuminationOp.parse(new StepReader({ op: "illumination", per_channel: false }, "s", "illumination")),
    );
    expect(shared.log_gain.A).toEqual(shared.log_gain.B);
    const config = illuminationOp.parse(
      new StepReader({ op: "illumination", grid: 4, strength: 0.3 }, "s", "illumination"),
    );
    const all: number[] = [];
    for (let i = 0; i < 300; i++) all.push(...illuminationOp.sample(rng, shape, config).log_gain.A);
    const sd = Math.sqrt(all.reduce((a, b) => a + b * b, 0) / all.length);
    expect(Math.abs(sd - 0.3)).toBeLessThan(0.02);
  });
});
