import { describe, expect, it } from "vitest";
import {
  logUniform,
  randomBelow,
  randomInt,
  shuffleInPlace,
  uniform,
  uniform32,
  uniformRange,
} from "../../src/random/distributions";
import { createRng } from "../../src/random/rng";
import { KS_CRITICAL, ksStatistic, N } from "./helpers";

describe("distributions", () => {
  it("uniformRange is uniform on [lo, hi)", () => {
    const rng = createRng(11);
    const xs = Array.from({ length: N }, () => uniformRange(rng, -2, 3));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...xs)).toBeLessThan(3);
    expect(ksStatistic(xs, (x) => (x + 2) / 5)).toBeLessThan(KS_CRITICAL);
  });

  it("logUniform has a uniform logarithm", () => {
    const rng = createRng(12);
    const xs = Array.from({ length: N }, () => Math.log(logUniform(rng, 0.8, 1.25)));
    const [a, b] = [Math.log(0.8), Math.log(1.25)];
    expect(ksStatistic(xs, (x) => (x - a) / (b - a))).toBeLessThan(KS_CRITICAL);
  });

  it("randomInt covers [lo, hi] evenly", () => {
    const rng = createRng(14);
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[randomInt(rng, 0, 7)] += 1;
    // Chi-square, 7 degrees of freedom, critical 24.3 at alpha = 0.001.
    const chi = counts.reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    expect(chi).toBeLessThan(24.3);
  });

  it("uniform and uniform32 are in [0, 1), uniform32 uniform with one step per draw", () => {
    const rng = createRng(16);
    for (let i = 0; i < 1000; i++) {
      const u = uniform(rng);
      expect(u >= 0 && u < 1).toBe(true);
    }
    const xs = Array.from({ length: N }, () => uniform32(rng));
    expect(ksStatistic(xs, (x) => x)).toBeLessThan(KS_CRITICAL);
    const a = createRng(3);
    const b = createRng(3);
    uniform32(a);
    b.next();
    expect(a.next()).toBe(b.next());
  });

  it("randomBelow replays a seed, differs between seeds and stays in [0, n)", () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 20 }, () => randomBelow(rng, 1000));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(randomBelow(rng, 3));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it("shuffleInPlace permutes", () => {
    const values = Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(createRng(3), values);
    expect(values).not.toEqual([...values].sort((a, b) => a - b));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
