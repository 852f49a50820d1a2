import { describe, expect, it } from "vitest";
import type { OutputActivation } from "../../src/classify/bundle-schema";
import { addScores, sigmoid, softmax } from "../../src/classify/softmax";

/** One cell's scores, added with weight 1 into fresh rows. */
function scoresOf(
  output: number[],
  offset: number,
  width: number,
  positive: number,
  activation: OutputActivation,
) {
  const classes = width === 1 ? 2 : width;
  const rows = { probabilities: new Float64Array(classes), logits: new Float64Array(classes) };
  addScores(output, offset, width, positive, activation, 1, rows, 0);
  return { probabilities: Array.from(rows.probabilities), logits: Array.from(rows.logits) };
}

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

describe("addScores", () => {
  const batch = [9, 9, 0.5, -0.5];

  it("applies softmax to raw logits and keeps the logits", () => {
    const s = scoresOf(batch, 2, 2, 1, "none");
    expect(s.logits).toEqual([0.5, -0.5]);
    expect(s.probabilities).toEqual(softmax([0.5, -0.5]));
  });

  it("never applies softmax twice: a softmax output is taken as probabilities", () => {
    const s = scoresOf([0.25, 0.75], 0, 2, 1, "softmax");
    expect(s.probabilities).toEqual([0.25, 0.75]);
    expect(softmax(s.logits)[1]).toBeCloseTo(0.75, 12);
  });

  it("exponentiates log_softmax outputs", () => {
    const s = scoresOf([Math.log(0.2), Math.log(0.8)], 0, 2, 1, "log_softmax");
    expect(s.probabilities[0]).toBeCloseTo(0.2, 12);
    expect(s.probabilities[1]).toBeCloseTo(0.8, 12);
  });

  it("reads a single-logit binary head as the positive class", () => {
    const raw = scoresOf([2], 0, 1, 0, "none");
    expect(raw.probabilities[0]).toBeCloseTo(sigmoid(2), 12);
    expect(raw.probabilities[1]).toBeCloseTo(1 - sigmoid(2), 12);
    expect(raw.logits).toEqual([2, 0]);
    const activated = scoresOf([0.9], 0, 1, 1, "sigmoid");
    expect(activated.probabilities).toEqual([1 - 0.9, 0.9]);
    expect(sigmoid(activated.logits[1])).toBeCloseTo(0.9, 12);
  });

  it("keeps multi-label sigmoid outputs as independent probabilities", () => {
    const s = scoresOf([0.9, 0.8, 0.1], 0, 3, 1, "sigmoid");
    expect(s.probabilities).toEqual([0.9, 0.8, 0.1]);
  });

  it("adds weighted shares into the cell's row, leaving other rows alone", () => {
    // Two views of two cells averaged in place equal the mean of each view's own probabilities.
    const views = [
      [0.5, -0.5, 2, 1],
      [1.5, 0.25, -1, 3],
    ];
    const rows = { probabilities: new Float64Array(6).fill(7), logits: new Float64Array(6).fill(7) };
    rows.probabilities.fill(0, 2);
    rows.logits.fill(0, 2);
    for (const view of views) {
      for (let cell = 0; cell < 2; cell++) addScores(view, cell * 2, 2, 1, "none", 0.5, rows, cell + 1);
    }
    expect(Array.from(rows.probabilities.subarray(0, 2))).toEqual([7, 7]);
    for (let cell = 0; cell < 2; cell++) {
      const mean = [0, 1].map((k) =>
        views.reduce((sum, view) => sum + 0.5 * softmax(view.slice(cell * 2, cell * 2 + 2))[k], 0),
      );
      expect(Array.from(rows.probabilities.subarray(2 + cell * 2, 4 + cell * 2))).toEqual(mean);
      expect(rows.logits[2 + cell * 2]).toBeCloseTo((views[0][cell * 2] + views[1][cell * 2]) / 2, 15);
    }
  });
});
