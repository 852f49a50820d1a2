import { describe, expect, it } from "vitest";
import { f1Score } from "../../src/metrics/classification";
import { rocAucScore } from "../../src/metrics/roc";
import { evaluateBinary, evaluationForReport } from "../../src/report/binary-evaluation";

// Positives score higher on average, with overlap, so no metric is trivially 0 or 1.
const truth = Array.from({ length: 120 }, (_, i) => (i % 4 === 0 ? 1 : 0));
const scores = truth.map((t, i) => Math.min(1, Math.max(0, (t ? 0.62 : 0.35) + 0.3 * Math.sin(i * 1.7))));

describe("evaluateBinary", () => {
  const result = evaluateBinary(truth, scores, 0.5, { resamples: 300 });
  const metric = (name: string) => result.metrics.find((m) => m.name === name)!;

  it("reports the metrics of the library at the threshold", () => {
    expect(metric("F1").value).toBe(
      f1Score(
        truth,
        scores.map((s) => (s >= 0.5 ? 1 : 0)),
      ),
    );
    expect(metric("ROC AUC").value).toBe(rocAucScore(truth, scores));
    expect(result.positives).toBe(30);
  });

  it("gives intervals that contain the estimate and a seed that replays", () => {
    for (const m of result.metrics) {
      expect(m.interval[0]).toBeLessThanOrEqual(m.value);
      expect(m.interval[1]).toBeGreaterThanOrEqual(m.value);
    }
    expect(evaluateBinary(truth, scores, 0.5, { resamples: 300 })).toEqual(result);
    expect(evaluateBinary(truth, scores, 0.5, { resamples: 300, seed: 9 }).metrics).not.toEqual(
      result.metrics,
    );
  });

  it("finds a threshold reaching 95% sensitivity", () => {
    expect(result.thresholds.sensitivity95.sensitivity).toBeGreaterThanOrEqual(0.95);
    expect(result.thresholds.maxF1.f1).toBeGreaterThanOrEqual(metric("F1").value);
  });

  it("renders four plots and the metric rows for the report", () => {
    const section = evaluationForReport(result, truth, scores, ["non-CTC", "CTC"]);
    expect(section.plots.map((p) => p.title)).toEqual([
      "ROC",
      "Precision-recall",
      "Calibration",
      "Confusion at threshold 0.500",
    ]);
    for (const p of section.plots) expect(p.svg.startsWith("<svg")).toBe(true);
    expect(section.metrics.length).toBe(result.metrics.length + 3);
  });
});
