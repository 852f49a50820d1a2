import { basename, resolve } from "node:path";
import { CtcError } from "../../core/errors";
import { evaluateBinary, evaluationForReport } from "../../report/binary-evaluation";
import { renderReport } from "../../report/render-report";
import { writeFileAtomic } from "../atomic-write";
import type { Command } from "../command";
import { EXIT, UsageError } from "../exit-codes";
import { readLabels } from "../labels";
import { positiveIntegerOption, probabilityOption, seedOption } from "../option-values";
import { readPredictions } from "../predictions";

/** `ctc evaluate`: score a predictions CSV against true labels. */
export const evaluateCommand: Command = {
  name: "evaluate",
  summary: "metrics with 95% bootstrap intervals and alternative thresholds for predictions against labels",
  usage: "--predictions CSV --labels CSV [options]",
  options: {
    predictions: {
      type: "string",
      short: "p",
      value: "CSV",
      description: "predictions.csv written by ctc classify (its predictions.json beside it is read too)",
    },
    labels: {
      type: "string",
      short: "l",
      value: "CSV",
      description: "true labels (id,label or source,index,label); run from the folder classify ran in",
    },
    threshold: {
      type: "string",
      value: "P",
      description: "decision threshold",
      default: "the run's, from predictions.json, else 0.5",
    },
    "positive-class": {
      type: "string",
      value: "NAME",
      description: "label of the positive class",
      default: "the run's, from predictions.json, else CTC",
    },
    resamples: { type: "string", value: "N", description: "bootstrap resamples", default: "1000" },
    seed: { type: "string", value: "S", description: "bootstrap seed", default: "0" },
    report: { type: "string", value: "FILE", description: "also write the evaluation as an HTML page" },
    json: { type: "boolean", description: "print the evaluation as JSON" },
    quiet: { type: "boolean", short: "q", description: "print nothing but errors" },
  },
  examples: [
    "ctc evaluate --predictions ctc-results/predictions.csv --labels labels.csv",
    "ctc evaluate -p ctc-results/predictions.csv -l labels.csv --threshold 0.3 --report evaluation.html",
    "ctc evaluate -p ctc-results/predictions.csv -l labels.csv --json > evaluation.json",
  ],
  async run({ options: o, stdout, cwd }) {
    if (typeof o.predictions !== "string") throw new UsageError("--predictions CSV is required");
    if (typeof o.labels !== "string") throw new UsageError("--labels CSV is required");
    const thresholdOption = probabilityOption(o.threshold, "threshold");
    const resamples = positiveIntegerOption(o.resamples, "resamples") ?? 1000;
    const seed = seedOption(o.seed, "seed") ?? 0;
    const predictionsPath = resolve(cwd, o.predictions);
    const labelsPath = resolve(cwd, o.labels);
    const predictions = readPredictions(predictionsPath);
    const labels = readLabels(labelsPath, cwd);
    const threshold = thresholdOption ?? predictions.threshold ?? 0.5;
    const positiveClass = (o["positive-class"] as string | undefined) ?? predictions.positiveClass ?? "CTC";

    // Cells the labels do not cover cannot be scored; they are counted, not guessed.
    const labelled = predictions.cells.filter((c) => labels.has(c.id));
    const unlabelled = predictions.cells.length - labelled.length;
    const truth = labelled.map((c) => (labels.get(c.id) === positiveClass ? 1 : 0));
    const scores = labelled.map((c) => c.positiveProbability);
    if (labelled.length === 0) {
      throw new CtcError(
        "INVALID_ARGUMENT",
        "no predicted cell has a label: ids must match (run evaluate from the folder classify ran in)",
        { file: labelsPath },
      );
    }
    if (!truth.includes(1) || !truth.includes(0)) {
      throw new CtcError(
        "INVALID_ARGUMENT",
        `the labelled cells hold only one class (positive class "${positiveClass}"); metrics need both`,
        { file: labelsPath, field: "label" },
      );
    }
    const evaluation = evaluateBinary(truth, scores, threshold, { resamples, seed });
    const negativeClass =
      [...new Set(labelled.map((c) => labels.get(c.id) as string))].find((l) => l !== positiveClass) ??
      `non-${positiveClass}`;
    const section = evaluationForReport(evaluation, truth, scores, [negativeClass, positiveClass]);

    const outputs: string[] = [];
    if (typeof o.report === "string") {
      const reportPath = resolve(cwd, o.report);
      // No pixels travel with a predictions CSV, so the page has the evaluation and an empty gallery.
      writeFileAtomic(
        reportPath,
        renderReport({
          title: `CTC evaluation: ${labelled.length} labelled cells`,
          runId: `evaluate-${labelled.length}-${Date.now().toString(36)}`,
          createdAt: new Date().toISOString(),
          model: {
            name: predictions.model ?? basename(predictionsPath),
            version: "",
            classNames: [negativeClass, positiveClass],
            positiveClass,
          },
          threshold,
          settings: {
            predictions: predictionsPath,
            labels: labelsPath,
            "cells evaluated": labelled.length,
            "cells without a label (left out)": unlabelled,
            "bootstrap resamples": resamples,
          },
          timings: {},
          cells: [],
          evaluation: section,
        }),
      );
      outputs.push(reportPath);
    }

    if (o.json === true) {
      const json = {
        predictions: predictionsPath,
        labels: labelsPath,
        positiveClass,
        unlabelled,
        ...evaluation,
      };
      stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else if (o.quiet !== true) {
      const width = Math.max(...section.metrics.map((m) => m.name.length));
      const lines = [
        `${evaluation.cells} labelled cells (${evaluation.positives} ${positiveClass}), threshold ${threshold}` +
          (unlabelled > 0 ? `; ${unlabelled} cells without a label left out` : ""),
        ...section.metrics.map((m) =>
          `  ${m.name.padEnd(width)}  ${m.value}${m.interval ? `  (95% CI ${m.interval})` : ""}`.trimEnd(),
        ),
        ...outputs.map((p) => `wrote ${p}`),
      ];
      stdout.write(`${lines.join("\n")}\n`);
    }
    return EXIT.ok;
  },
};
