import { describe, expect, it } from "vitest";
import { createRng, randomBelow, shuffleInPlace } from "../../src/metrics/random";

const draw = (seed: number) => {
  const rng = createRng(seed);
  return Array.from({ length: 20 }, () => randomBelow(rng, 1000));
};

describe("random", () => {
  it("replays a seed and differs between seeds", () => {
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });
  it("draws in [0, n)", () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(randomBelow(rng, 3));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
  it("shuffles into a permutation", () => {
    const values = Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(createRng(3), values);
    expect(values).not.toEqual([...values].sort((a, b) => a - b));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
  it("rejects seeds that are not 32-bit integers", () => {
    expect(() => createRng(1.5)).toThrow(/seed/);
    expect(() => createRng(2 ** 40)).toThrow(/seed/);
  });
});
