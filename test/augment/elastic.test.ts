import { describe, expect, it } from "vitest";
import { applyElastic, elasticCoordinates, elasticOp } from "../../src/augment/elastic";
import { StepReader } from "../../src/augment/spec";
import { createRng } from "../../src/random/rng";
import { fixtureImage, maxAbsDiff, parity, randomStack } from "./helpers";

describe("elastic", () => {
  it("matches scipy map_coordinates on the same Catmull-Rom field to 1e-6", () => {
    expect(
      maxAbsDiff(applyElastic(fixtureImage(), parity.elastic).data, parity.elastic.expected),
    ).toBeLessThan(1e-6);
  });

  it("is the identity with zero displacement", () => {
    const stack = randomStack(3);
    const zero = { grid: 3, dx: new Array(9).fill(0), dy: new Array(9).fill(0) };
    expect(
      applyElastic(stack, { ...zero, interpolation: "bilinear", fill: "reflect", cval: 0 }).data,
    ).toEqual(stack.data);
    const map = elasticCoordinates(zero, { height: 2, width: 3 });
    expect(Array.from(map.x)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it("draws control displacements from N(0, sigma^2)", () => {
    const rng = createRng(6);
    const config = elasticOp.parse(new StepReader({ op: "elastic", grid: 5, sigma: 3 }, "s", "elastic"));
    const all: number[] = [];
    for (let i = 0; i < 200; i++)
      all.push(...elasticOp.sample(rng, { channels: [], height: 9, width: 9 }, config).dx);
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length);
    expect(all.length).toBe(5000);
    expect(Math.abs(mean)).toBeLessThan(0.2);
    expect(Math.abs(sd - 3)).toBeLessThan(0.15);
  });
});
