/**
 * The training streamer: a long-lived Node process that the Python trainer starts
 * (`node --import tsx training/stream.ts --config <file>`, or the esbuild bundle of this file). It loads
 * the cells, splits folds, preprocesses and augments with the library, and answers the trainer's
 * requests on stdin with JSON lines and NPY frames on stdout. Protocol: `training/README.md`.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import packageJson from "../package.json";
import { isCtcError } from "../src/core/errors";
import type { PreprocessSpec } from "../src/preprocess/spec";
import { type AugmentStage, type BatchRequest, makeBatches } from "./batches";
import { readTrainingConfig } from "./config";
import { loadCells } from "./dataset";
import { type EvaluationContext, type FinishFoldRequest, finishFold } from "./evaluate";
import { planFolds } from "./folds";
import { FrameWriter } from "./frames";
import { makeAugmenter } from "./library";
import { buildSpec } from "./recipe";
import { finishCv } from "./summary";

function log(message: string): void {
  process.stderr.write(`[streamer] ${message}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string" } } });
  if (values.config === undefined) throw new Error("usage: stream --config <training config JSON>");
  const configPath = values.config;
  const config = readTrainingConfig(configPath);
  const started = Date.now();
  const cells = loadCells(config, configPath);
  const plan = planFolds(cells.labels, cells.groups, config.cv ?? {}, config.seed);
  const channels = cells.stacks[0].channels;
  log(
    `${cells.stacks.length} cells (${channels.join(", ")}) ready in ${Date.now() - started} ms; ${plan.splitter}`,
  );

  const specs = new Map<number, PreprocessSpec>();
  const spec = (fold: number): PreprocessSpec => {
    let s = specs.get(fold);
    if (s === undefined) {
      const train = plan.folds[fold].train;
      s = buildSpec(
        config.preprocess,
        channels,
        (function* () {
          for (const i of train) yield cells.stacks[i];
        })(),
      );
      specs.set(fold, s);
    }
    return s;
  };
  const positiveIndex = cells.classes.indexOf(config.positiveClass ?? cells.classes[1]);
  const augmenter = makeAugmenter(config.augment);
  const stage = ((config as { augmentStage?: AugmentStage }).augmentStage ?? "input") as AugmentStage;
  const ctx: EvaluationContext = {
    config,
    cells,
    folds: plan.folds,
    spec,
    positiveIndex,
    codeVersion: packageJson.version,
  };

  const out = new FrameWriter(process.stdout);
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    let request: Record<string, unknown> & { cmd?: string };
    try {
      request = JSON.parse(line);
      switch (request.cmd) {
        case "hello":
          await out.message({
            type: "result",
            cells: cells.stacks.length,
            classes: cells.classes,
            positiveClass: cells.classes[positiveIndex],
            channels,
            inputShape: [channels.length, config.preprocess.size, config.preprocess.size],
            splitter: plan.splitter,
            labels: Array.from(cells.labels),
            folds: plan.folds,
          });
          break;
        case "spec":
          await out.message({ type: "result", spec: spec(request.fold as number) });
          break;
        case "batches": {
          const fold = request.fold as number;
          for (const b of makeBatches(
            cells,
            spec(fold),
            augmenter,
            stage,
            request as unknown as BatchRequest,
          )) {
            await out.batch(b.batch, b.labels, b.indices);
          }
          await out.message({ type: "end" });
          break;
        }
        case "finish_fold": {
          const evaluation = await finishFold(ctx, request as unknown as FinishFoldRequest);
          log(`fold ${evaluation.fold}: ${JSON.stringify(evaluation.metrics)}`);
          await out.message({
            type: "result",
            metrics: evaluation.metrics,
            metricsTta: evaluation.metricsTta,
            threshold: evaluation.threshold,
            parityMaxAbsDiff: evaluation.parityMaxAbsDiff,
          });
          break;
        }
        case "finish_cv": {
          const ensemble = await finishCv(request.dir as string, request.folds as number[], config.name);
          await out.message({ type: "result", ...ensemble });
          break;
        }
        default:
          await out.message({
            type: "error",
            code: "INVALID_ARGUMENT",
            message: `unknown command ${request.cmd}`,
          });
      }
    } catch (error) {
      log(error instanceof Error ? (error.stack ?? error.message) : String(error));
      await out.message({
        type: "error",
        code: isCtcError(error) ? error.code : "INTERNAL",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
