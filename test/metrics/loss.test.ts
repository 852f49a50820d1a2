import { describe, expect, it } from "vitest";
import { brierScore, logLoss } from "../../src/metrics/loss";
import { byName, close, type Fx, fixture } from "./fixture";

const binary = fixture("binary").cases;
const multi = fixture("multiclass");

describe("brierScore", () => {
  it.each(byName(binary))("equals scikit-learn on %s", (_, c: Fx) => {
    expect(close(brierScore(c.yTrue, c.yScore), c.brier)).toBe(true);
  });
  it("takes the greater numeric class as positive when the classes are not {0, 1}", () => {
    expect(brierScore([2, 5], [0, 1])).toBe(0);
    expect(brierScore([2, 5], [0, 1], { posLabel: 2 })).toBe(1);
    expect(() => brierScore(["a", "b"], [0, 1])).toThrow(/posLabel/);
  });
  it("rejects probabilities outside [0, 1]", () => {
    expect(() => brierScore([0, 1], [0, 1.01])).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
});

describe("logLoss", () => {
  it.each(byName(binary.filter((c: Fx) => c.logLoss !== undefined)))(
    "equals scikit-learn on %s (clipping included)",
    (_, c: Fx) => {
      expect(close(logLoss(c.yTrue, c.yScore), c.logLoss)).toBe(true);
    },
  );
  it("equals scikit-learn on 7-class probability rows", () => {
    expect(close(logLoss(multi.yTrue, multi.prob), multi.logLoss)).toBe(true);
  });
  it("needs two classes, given through labels when yTrue has one", () => {
    expect(() => logLoss([1, 1], [0.9, 0.8])).toThrow(/two classes/);
    expect(close(logLoss([1, 1], [0.5, 0.5], { labels: [0, 1] }), Math.log(2))).toBe(true);
  });
  it("checks row widths and unknown labels", () => {
    expect(() =>
      logLoss(
        [0, 1, 2],
        [
          [1, 0],
          [0, 1],
          [0.5, 0.5],
        ],
      ),
    ).toThrow(expect.objectContaining({ code: "SHAPE_MISMATCH" }));
    expect(() => logLoss([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(
      expect.objectContaining({ code: "SHAPE_MISMATCH" }),
    );
    expect(() => logLoss([0, 3], [0.2, 0.3], { labels: [0, 1] })).toThrow(/not among/);
  });
});
