import { describe, expect, it } from "vitest";
import { interpretScores, sigmoid, softmax } from "../../src/classify/softmax";

describe("softmax", () => {
  it("sums to 1 and keeps order", () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[2]).toBeGreaterThan(p[1]);
    expect(p[0]).toBeCloseTo(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 12);
  });

  it("does not overflow on large logits", () => {
    expect(softmax([1000, 1000])).toEqual([0.5, 0.5]);
    expect(softmax([-1000, 0])[1]).toBe(1);
  });
});

describe("sigmoid", () => {
  it("is finite on both tails and symmetric", () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(2) + sigmoid(-2)).toBeCloseTo(1, 15);
    expect(sigmoid(0)).toBe(0.5);
  });
});

describe("interpretScores", () => {
  const batch = [9, 9, 0.5, -0.5];

  it("applies softmax to raw logits and keeps the logits", () => {
    const s = interpretScores(batch, 2, 2, 1, "none");
    expect(s.logits).toEqual([0.5, -0.5]);
    expect(s.probabilities).toEqual(softmax([0.5, -0.5]));
  });

  it("never applies softmax twice: a softmax output is taken as probabilities", () => {
    const s = interpretScores([0.25, 0.75], 0, 2, 1, "softmax");
    expect(s.probabilities).toEqual([0.25, 0.75]);
    expect(softmax(s.logits)[1]).toBeCloseTo(0.75, 12);
  });

  it("exponentiates log_softmax outputs", () => {
    const s = interpretScores([Math.log(0.2), Math.log(0.8)], 0, 2, 1, "log_softmax");
    expect(s.probabilities[0]).toBeCloseTo(0.2, 12);
    expect(s.probabilities[1]).toBeCloseTo(0.8, 12);
  });

  it("reads a single-logit binary head as the positive class", () => {
    const raw = interpretScores([2], 0, 1, 0, "none");
    expect(raw.probabilities[0]).toBeCloseTo(sigmoid(2), 12);
    expect(raw.probabilities[1]).toBeCloseTo(1 - sigmoid(2), 12);
    expect(raw.logits).toEqual([2, 0]);
    const activated = interpretScores([0.9], 0, 1, 1, "sigmoid");
    expect(activated.probabilities).toEqual([1 - 0.9, 0.9]);
    expect(sigmoid(activated.logits[1])).toBeCloseTo(0.9, 12);
  });

  it("keeps multi-label sigmoid outputs as independent probabilities", () => {
    const s = interpretScores([0.9, 0.8, 0.1], 0, 3, 1, "sigmoid");
    expect(s.probabilities).toEqual([0.9, 0.8, 0.1]);
  });
});
