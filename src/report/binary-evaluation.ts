import { bootstrapCi } from "../metrics/bootstrap";
import { expectedCalibrationError, reliabilityBins } from "../metrics/calibration";
import {
  balancedAccuracyScore,
  f1Score,
  matthewsCorrcoef,
  precisionScore,
  recallScore,
  specificityScore,
} from "../metrics/classification";
import { confusionMatrix } from "../metrics/confusion";
import { brierScore } from "../metrics/loss";
import { confusionSvg } from "../metrics/plots/confusion-svg";
import { prSvg } from "../metrics/plots/pr-svg";
import { reliabilitySvg } from "../metrics/plots/reliability-svg";
import { rocSvg } from "../metrics/plots/roc-svg";
import { averagePrecisionScore, precisionRecallCurve } from "../metrics/pr";
import { rocAucScore, rocCurve } from "../metrics/roc";
import {
  metricsAtThreshold,
  type ThresholdPoint,
  thresholdForSensitivity,
  thresholdMaxF1,
  thresholdYouden,
} from "../metrics/thresholds";
import type { ReportEvaluation } from "./types";

/** One metric with its bootstrap interval. */
export interface MetricWithInterval {
  /** Metric name. */
  readonly name: string;
  /** Value on all cells. */
  readonly value: number;
  /** 95% bootstrap percentile interval (NaN bounds when undefined on resamples). */
  readonly interval: readonly [number, number];
}

/** The binary (CTC vs rest) evaluation of scores against labels at a threshold. */
export interface BinaryEvaluation {
  /** Cells evaluated. */
  readonly cells: number;
  /** Cells whose true label is the positive class. */
  readonly positives: number;
  /** The decision threshold evaluated. */
  readonly threshold: number;
  /** Threshold-dependent and threshold-free metrics with intervals. */
  readonly metrics: readonly MetricWithInterval[];
  /** Alternative thresholds: best F1, Youden's J, and the highest reaching 95% sensitivity. */
  readonly thresholds: {
    /** The threshold with the highest F1. */
    readonly maxF1: ThresholdPoint;
    /** The threshold with the highest Youden's J (sensitivity + specificity - 1). */
    readonly youden: ThresholdPoint;
    /** The highest threshold whose sensitivity reaches 0.95. */
    readonly sensitivity95: ThresholdPoint;
  };
}

/** Options for {@link evaluateBinary}. */
export interface BinaryEvaluationOptions {
  /** Bootstrap resamples; default 1000. */
  readonly resamples?: number;
  /** Bootstrap seed; default 0. */
  readonly seed?: number;
}

type Scored = number;

/**
 * Evaluate positive-class probabilities against binary truth (1 = CTC) the way a clinic asks: metrics
 * at the run's threshold with 95% bootstrap intervals (percentile method, resampled within each class
 * so AUC stays defined), and the thresholds that maximize F1, Youden's J, or reach 95% sensitivity.
 *
 * @param truth - 1 for a positive (CTC) cell, 0 otherwise
 * @param scores - positive-class probabilities
 * @param threshold - decision threshold
 * @param options - bootstrap resamples and seed
 * @returns the evaluation
 */
export function evaluateBinary(
  truth: readonly number[],
  scores: readonly number[],
  threshold: number,
  options: BinaryEvaluationOptions = {},
): BinaryEvaluation {
  const calls = (s: readonly Scored[]) => s.map((p) => (p >= threshold ? 1 : 0));
  const boot = {
    nResamples: options.resamples ?? 1000,
    seed: options.seed ?? 0,
    method: "percentile" as const,
    stratify: true,
  };
  const entry = (name: string, metric: (y: number[], s: number[]) => number): MetricWithInterval => {
    const ci = bootstrapCi(truth, scores, metric as (y: (string | number)[], s: number[]) => number, boot);
    return { name, value: ci.estimate, interval: [ci.lower, ci.upper] };
  };
  const metrics = [
    entry("F1", (y, s) => f1Score(y, calls(s))),
    entry("precision (PPV)", (y, s) => precisionScore(y, calls(s))),
    entry("sensitivity (recall)", (y, s) => recallScore(y, calls(s))),
    entry("specificity", (y, s) => specificityScore(y, calls(s))),
    entry("balanced accuracy", (y, s) => balancedAccuracyScore(y, calls(s))),
    entry("Matthews correlation", (y, s) => matthewsCorrcoef(y, calls(s))),
    entry("ROC AUC", (y, s) => rocAucScore(y, s)),
    entry("average precision", (y, s) => averagePrecisionScore(y, s)),
    entry("Brier score", (y, s) => brierScore(y, s)),
  ];
  return {
    cells: truth.length,
    positives: truth.filter((t) => t === 1).length,
    threshold,
    metrics,
    thresholds: {
      maxF1: thresholdMaxF1(truth, scores),
      youden: thresholdYouden(truth, scores),
      sensitivity95: thresholdForSensitivity(truth, scores, 0.95),
    },
  };
}

function format(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : "n/a";
}

/**
 * The report's evaluation section: the metric table (with the alternative thresholds) and the ROC, PR,
 * reliability and confusion-matrix plots, each marking the run's threshold.
 *
 * @param evaluation - from {@link evaluateBinary}
 * @param truth - the same truth
 * @param scores - the same scores
 * @param classNames - `[negative, positive]` names for the confusion matrix
 * @returns rows and SVGs for `renderReport`
 */
export function evaluationForReport(
  evaluation: BinaryEvaluation,
  truth: readonly number[],
  scores: readonly number[],
  classNames: readonly [string, string],
): ReportEvaluation {
  const at = metricsAtThreshold(truth, scores, evaluation.threshold);
  const rows = evaluation.metrics.map((m) => ({
    name: m.name,
    value: format(m.value),
    interval: `${format(m.interval[0])} – ${format(m.interval[1])}`,
  }));
  const t = evaluation.thresholds;
  const point = (p: ThresholdPoint) =>
    `${format(p.threshold)} (sens ${format(p.sensitivity)}, spec ${format(p.specificity)}, F1 ${format(p.f1)})`;
  rows.push(
    { name: "threshold with best F1", value: point(t.maxF1), interval: "" },
    { name: "threshold with best Youden's J", value: point(t.youden), interval: "" },
    { name: "highest threshold with sensitivity >= 0.95", value: point(t.sensitivity95), interval: "" },
  );
  const cm = confusionMatrix(
    truth.map((y) => classNames[y]),
    scores.map((s) => classNames[s >= evaluation.threshold ? 1 : 0]),
    { labels: [classNames[1], classNames[0]] },
  );
  const auc = evaluation.metrics.find((m) => m.name === "ROC AUC")?.value;
  const ap = evaluation.metrics.find((m) => m.name === "average precision")?.value;
  return {
    metrics: rows,
    plots: [
      { title: "ROC", svg: rocSvg(rocCurve(truth, scores), { auc, threshold: at }) },
      {
        title: "Precision-recall",
        svg: prSvg(precisionRecallCurve(truth, scores), {
          averagePrecision: ap,
          prevalence: evaluation.positives / Math.max(1, evaluation.cells),
          threshold: at,
        }),
      },
      {
        title: "Calibration",
        svg: reliabilitySvg(reliabilityBins(truth, scores), { ece: expectedCalibrationError(truth, scores) }),
      },
      {
        title: `Confusion at threshold ${format(evaluation.threshold)}`,
        svg: confusionSvg(cm, { title: "Confusion matrix" }),
      },
    ],
  };
}
