import { describe, expect, it } from "vitest";
import { normal } from "../../src/random/normal";
import { createRng } from "../../src/random/rng";
import { KS_CRITICAL, ksStatistic, N, normalCdf } from "./helpers";

describe("normal", () => {
  it("is standard normal (ziggurat), tails included", () => {
    const rng = createRng(13);
    const xs = Array.from({ length: N }, () => normal(rng));
    expect(ksStatistic(xs, normalCdf)).toBeLessThan(KS_CRITICAL);
    const tail = xs.filter((x) => Math.abs(x) > 3.442619855899).length / N;
    // P(|Z| > R) = 5.76e-4: about 11.5 expected in 20000.
    expect(tail).toBeGreaterThan(1e-4);
    expect(tail).toBeLessThan(1.5e-3);
  });

  it("draws from any source of 32-bit integers", () => {
    let i = 0;
    const counter = { next: () => Math.imul(++i, 0x9e3779b9) };
    const xs = Array.from({ length: 1000 }, () => normal(counter));
    expect(xs.every(Number.isFinite)).toBe(true);
    i = 0;
    expect(Array.from({ length: 1000 }, () => normal(counter))).toEqual(xs);
  });
});
