import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Evaluation, MetricSummary } from "../src/classify/index";
import type { FoldEvaluation, FoldMetrics } from "./evaluate";
import { meanStd, writeBundle } from "./library";

/** The ensemble description written beside the fold bundles. */
export interface EnsembleDescription {
  /** Always `persist-ctc-ensemble`. */
  readonly format: "persist-ctc-ensemble";
  /** Schema version. */
  readonly formatVersion: 1;
  /** Ensemble name. */
  readonly name: string;
  /** Member bundles, relative to this file: one per fold. */
  readonly members: readonly string[];
  /** How members combine: the library's classifier averages their probabilities. */
  readonly combine: "mean-probability";
  /** Classes (shared by all members). */
  readonly classes: readonly string[];
  /** The positive class. */
  readonly positiveClass: string;
  /** Mean of the members' thresholds. */
  readonly threshold: number;
  /** Cross-validated figures of the members (each on its own held-out fold). */
  readonly evaluation: Evaluation;
  /** The same with eight-view test-time augmentation. */
  readonly evaluationTta: Evaluation;
}

function summarize(perFold: readonly FoldMetrics[]): Evaluation {
  const metrics: Record<string, MetricSummary> = {};
  for (const name of Object.keys(perFold[0])) {
    const values = perFold.map((m) => m[name]);
    const { mean, std } = meanStd(values);
    metrics[name] = { mean, std, folds: values };
  }
  return { folds: perFold.length, metrics };
}

/**
 * Finish a cross-validation: put the CV figures into every fold's bundle, and write `ensemble.json`
 * (the members and their figures) and `cv.json` (everything, per fold).
 *
 * @param dir - the run folder holding `fold-k/evaluation.json` and `fold-k/model.onnx`
 * @param folds - folds to gather
 * @param name - ensemble name
 * @returns the ensemble description
 */
export async function finishCv(
  dir: string,
  folds: readonly number[],
  name: string,
): Promise<EnsembleDescription> {
  const evaluations = folds.map(
    (fold) =>
      JSON.parse(readFileSync(join(dir, `fold-${fold}`, "evaluation.json"), "utf8")) as FoldEvaluation,
  );
  const evaluation = summarize(evaluations.map((e) => e.metrics));
  const evaluationTta = summarize(evaluations.map((e) => e.metricsTta));
  for (const e of evaluations) {
    const onnx = new Uint8Array(readFileSync(join(dir, `fold-${e.fold}`, "model.onnx")));
    const bundle = await writeBundle(onnx, { ...e.card, evaluation });
    writeFileSync(join(dir, `fold-${e.fold}`, "model.ctcmodel.zip"), bundle);
  }
  const first = evaluations[0].card;
  const ensemble: EnsembleDescription = {
    format: "persist-ctc-ensemble",
    formatVersion: 1,
    name,
    members: evaluations.map((e) => `fold-${e.fold}/model.ctcmodel.zip`),
    combine: "mean-probability",
    classes: first.classes,
    positiveClass: first.positiveClass,
    threshold: evaluations.reduce((sum, e) => sum + e.threshold, 0) / evaluations.length,
    evaluation,
    evaluationTta,
  };
  writeFileSync(join(dir, "ensemble.json"), `${JSON.stringify(ensemble, null, 2)}\n`);
  writeFileSync(
    join(dir, "cv.json"),
    `${JSON.stringify({ name, evaluation, evaluationTta, folds: evaluations }, null, 2)}\n`,
  );
  return ensemble;
}
