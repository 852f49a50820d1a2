import { describe, expect, it } from "vitest";
import { f1Score, recallScore, specificityScore } from "../../src/metrics/classification";
import {
  metricsAtThreshold,
  thresholdForSensitivity,
  thresholdMaxF1,
  thresholdYouden,
} from "../../src/metrics/thresholds";
import { byName, close, type Fx, fixture } from "./fixture";

const binary = fixture("binary").cases.filter((c: Fx) => c.thresholds !== undefined);

describe.each(byName(binary))("threshold selection on %s", (_, c: Fx) => {
  const ref = c.thresholds;
  it("finds scikit-learn's best-F1 threshold (brute force over scores)", () => {
    const t = thresholdMaxF1(c.yTrue, c.yScore);
    expect(t.threshold).toBe(ref.maxF1.threshold);
    expect(close(t.f1, ref.maxF1.f1)).toBe(true);
  });
  it("finds the Youden threshold", () => {
    const t = thresholdYouden(c.yTrue, c.yScore);
    expect(t.threshold).toBe(ref.youden.threshold);
    expect(close(t.youdenJ, ref.youden.j)).toBe(true);
  });
  it("finds the highest threshold reaching sensitivity 0.95", () => {
    const t = thresholdForSensitivity(c.yTrue, c.yScore, ref.sensitivity.target);
    expect(t.threshold).toBe(ref.sensitivity.threshold);
    expect(close(t.sensitivity, ref.sensitivity.sensitivity)).toBe(true);
    expect(close(t.specificity, ref.sensitivity.specificity)).toBe(true);
  });
  it("reports at a threshold what the label metrics report on the thresholded calls", () => {
    const t = thresholdMaxF1(c.yTrue, c.yScore).threshold;
    const calls = c.yScore.map((s: number) => (s >= t ? 1 : 0));
    const m = metricsAtThreshold(c.yTrue, c.yScore, t);
    expect(close(m.f1, f1Score(c.yTrue, calls))).toBe(true);
    expect(close(m.sensitivity, recallScore(c.yTrue, calls))).toBe(true);
    expect(close(m.specificity, specificityScore(c.yTrue, calls))).toBe(true);
    expect(m.tp + m.fp + m.tn + m.fn).toBe(c.yTrue.length);
  });
});

describe("threshold edge cases", () => {
  it("prefers the highest threshold among equals", () => {
    // Threshold 0.9 (1 call, 1 hit) and 0.1 (4 calls, 2 hits) both give F1 = 2/3; 0.9 calls fewer cells.
    const t = thresholdMaxF1([1, 0, 0, 1], [0.9, 0.8, 0.7, 0.1]);
    expect(t.threshold).toBe(0.9);
  });
  it("refuses labels without positives, or without negatives for Youden", () => {
    expect(() => thresholdMaxF1([0, 0], [0.1, 0.2])).toThrow(/both classes/);
    expect(() => thresholdYouden([1, 1], [0.1, 0.2])).toThrow(/both classes/);
    expect(() => thresholdForSensitivity([0, 1], [0.1, 0.2], 1.5)).toThrow(/target/);
  });
});
