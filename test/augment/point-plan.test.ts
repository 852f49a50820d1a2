import { describe, expect, it } from "vitest";
import { planPointSteps } from "../../src/augment/point-plan";
import type { PointStep } from "../../src/augment/pointwise";

const SHAPE = { channels: ["A", "B", "C"], height: 2, width: 3 };
const noise = {
  kind: "gaussian_noise",
  channels: ["B", "C"],
  perPhoton: 0.5,
  variance: 0.25,
  seed: 9,
} as const;

describe("planPointSteps", () => {
  it("groups linear steps up to each noise step, noisy channels first, two stages per pass", () => {
    const steps: PointStep[] = [
      { kind: "linear", channels: { A: [2, 1], B: [3, -0] } },
      { kind: "linear", channels: { A: [4, 0.5] } },
      { kind: "linear", channels: { A: [1, 0.25] } },
      noise,
      { kind: "linear", channels: { C: [5, 0] } },
    ];
    const [first, second, ...rest] = planPointSteps(SHAPE, steps);
    expect(rest).toEqual([]);
    expect(first.noise).toBe(noise);
    const plain = (c: ArrayLike<number>) => Array.from(c);
    // B and C in the noise's order, then A; starts are channel offsets in values.
    expect(first.channels.map((c) => c.start)).toEqual([6, 12, 0]);
    expect(first.channels[0].passes.map((p) => [plain(p.coefficients), p.noisy])).toEqual([
      [[3, -0, 1, -0, 0.5, 0.25], true],
    ]);
    // A noisy channel with no linear stage still gets one pass, for its noise.
    expect(first.channels[1].passes.map((p) => [plain(p.coefficients), p.noisy])).toEqual([
      [[1, -0, 1, -0, 0.5, 0.25], true],
    ]);
    // Three stages: two passes, neither noisy (A is not in the noise step).
    expect(first.channels[2].passes.map((p) => [plain(p.coefficients), p.noisy])).toEqual([
      [[2, 1, 4, 0.5, 0, 0], false],
      [[1, 0.25, 1, -0, 0, 0], false],
    ]);
    expect(second.noise).toBeUndefined();
    expect(second.channels.map((c) => [c.start, c.passes.length])).toEqual([[12, 1]]);
  });

  it("names a missing channel", () => {
    expect(() => planPointSteps(SHAPE, [{ kind: "linear", channels: { D: [1, 0] } }])).toThrow(
      /"D" is missing/,
    );
  });
});
