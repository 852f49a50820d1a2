import { describe, expect, it } from "vitest";
import { valueNoise } from "../../src/synth/texture";

describe("valueNoise", () => {
  it("is a pure function of seed and position, continuous, in [0, 1)", () => {
    expect(valueNoise(3, 1.25, 7.5)).toBe(valueNoise(3, 1.25, 7.5));
    expect(valueNoise(3, 1.25, 7.5)).not.toBe(valueNoise(4, 1.25, 7.5));
    let maxJump = 0;
    for (let i = 0; i < 1000; i++) {
      const x = i * 0.01;
      const v = valueNoise(9, x, 0.3);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      maxJump = Math.max(maxJump, Math.abs(valueNoise(9, x + 0.01, 0.3) - v));
    }
    expect(maxJump).toBeLessThan(0.03);
  });
});
