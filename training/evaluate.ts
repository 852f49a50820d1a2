import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { CtcError } from "../src/core/errors";
import type { ChannelStack } from "../src/core/stack";
import { readNpy } from "../src/io/npy";
import type { PreprocessSpec } from "../src/preprocess/spec";
import type { TrainingConfig } from "./config";
import type { LabelledCells } from "./dataset";
import type { FoldPlan } from "./folds";
import {
  accuracyScore,
  averagePrecisionScore,
  balancedAccuracyScore,
  createClassifier,
  f1Score,
  type ModelCardInit,
  precisionScore,
  readBundle,
  recallScore,
  rocAucScore,
  thresholdMaxF1,
  writeBundle,
} from "./library";

/** What the trainer hands over when a fold is trained. */
export interface FinishFoldRequest {
  /** Fold number. */
  readonly fold: number;
  /** Folder for the fold's files. */
  readonly dir: string;
  /** Path of the exported `model.onnx`. */
  readonly onnx: string;
  /** NPY of the trainer's logits (float32 N x K) on `parityIndex` cells, computed by PyTorch. */
  readonly parityLogits: string;
  /** NPY of the dataset indices (int32 N) of those cells. */
  readonly parityIndex: string;
  /** The trainer's record: recipe, seed, hardware, loss history. */
  readonly training: Record<string, unknown> & { readonly hardware?: Record<string, unknown> };
}

/** Figures of one fold, computed by the library from the bundle's own predictions. */
export type FoldMetrics = Record<string, number>;

/** The evaluation of one fold, as `fold-k/evaluation.json` stores it. */
export interface FoldEvaluation {
  /** Fold number. */
  readonly fold: number;
  /** Decision threshold chosen on the fold's validation cells (0.5 when none or multi-class). */
  readonly threshold: number;
  /** Held-out figures, single view. */
  readonly metrics: FoldMetrics;
  /** Held-out figures with test-time augmentation (all eight dihedral views). */
  readonly metricsTta: FoldMetrics;
  /** Largest |PyTorch logit - library logit| over the parity cells. */
  readonly parityMaxAbsDiff: number;
  /** Number of parity cells. */
  readonly parityCells: number;
  /** Cells per part. */
  readonly cells: { readonly train: number; readonly val: number; readonly test: number };
  /** Card fields of the bundle before CV figures were added. */
  readonly card: ModelCardInit;
  /** The trainer's record. */
  readonly training: Record<string, unknown>;
}

/** All dihedral views: identity, rotations and flips. */
export const ALL_VIEWS = [0, 1, 2, 3, 4, 5, 6, 7] as const;

function pick<T>(items: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => items[i]);
}

/**
 * Figures of predicted against true class indices: accuracy, macro-F1 and balanced accuracy always;
 * for two classes also the positive class's F1, precision, recall, ROC AUC and average precision.
 *
 * @param yTrue - true class per cell
 * @param yPred - the library's predicted class per cell
 * @param positiveScores - the library's positive-class probability per cell
 * @param positive - index of the positive class
 * @param classes - number of classes
 * @returns metric name to value
 */
export function foldMetrics(
  yTrue: readonly number[],
  yPred: readonly number[],
  positiveScores: readonly number[],
  positive: number,
  classes: number,
): FoldMetrics {
  const labels = Array.from({ length: classes }, (_, k) => k);
  const metrics: FoldMetrics = {
    accuracy: accuracyScore(yTrue, yPred),
    macroF1: f1Score(yTrue, yPred, { average: "macro", labels }),
    balancedAccuracy: balancedAccuracyScore(yTrue, yPred),
  };
  if (classes === 2) {
    metrics.f1 = f1Score(yTrue, yPred, { average: "binary", posLabel: positive });
    metrics.precision = precisionScore(yTrue, yPred, { average: "binary", posLabel: positive });
    metrics.recall = recallScore(yTrue, yPred, { average: "binary", posLabel: positive });
    metrics.rocAuc = rocAucScore(yTrue, positiveScores, { posLabel: positive });
    metrics.averagePrecision = averagePrecisionScore(yTrue, positiveScores, { posLabel: positive });
  }
  return metrics;
}

/** Shared state of a streamer: the cells, the fold plan and each fold's spec. */
export interface EvaluationContext {
  readonly config: TrainingConfig;
  readonly cells: LabelledCells;
  readonly folds: readonly FoldPlan[];
  readonly spec: (fold: number) => PreprocessSpec;
  readonly positiveIndex: number;
  readonly codeVersion: string;
}

async function classifyCells(
  bundleBytes: Uint8Array,
  stacks: readonly ChannelStack[],
  options: { tta?: readonly number[]; threshold?: number },
) {
  const threads = Number(process.env.CTC_ORT_THREADS ?? "0");
  const classifier = await createClassifier(ort, await readBundle(bundleBytes), {
    batchSize: 64,
    ...(threads > 0 ? { threads } : {}),
    ...(options.tta !== undefined ? { tta: options.tta } : {}),
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
  });
  try {
    return await classifier.classify(stacks);
  } finally {
    await classifier.release();
  }
}

/**
 * Bundle a trained fold and evaluate it through the library, as a user would run it: write the bundle,
 * read it back, choose the threshold on the validation cells (binary models), classify the held-out
 * raw cells (the classifier preprocesses them from the bundle's spec), and compare the library's logits
 * with the trainer's.
 *
 * @param ctx - cells, folds and specs
 * @param request - the trainer's hand-over
 * @returns the evaluation, also written to `<dir>/evaluation.json` with the bundle `<dir>/model.ctcmodel.zip`
 * @throws {@link CtcError} `MODEL_MISMATCH` when the library's logits differ from PyTorch's by more than 1e-4
 */
export async function finishFold(
  ctx: EvaluationContext,
  request: FinishFoldRequest,
): Promise<FoldEvaluation> {
  const { config, cells, positiveIndex } = ctx;
  const plan = ctx.folds[request.fold];
  const spec = ctx.spec(request.fold);
  const onnx = new Uint8Array(readFileSync(request.onnx));
  const size = config.preprocess.size;
  const training = request.training;
  const hardware = training.hardware ?? {};
  const where = [hardware.gpu ?? hardware.cpu, `torch ${hardware.torch}`].filter(Boolean).join(", ");
  const card: ModelCardInit = {
    name: `${config.name}-fold${request.fold}`,
    version: config.version ?? "0.1.0",
    description:
      config.description ??
      `${String(training.arch)} trained by @persist/ctc training/ on fold ${request.fold} of ${ctx.folds.length}`,
    classes: [...cells.classes],
    positiveClass: cells.classes[positiveIndex],
    input: { name: "input", channels: [...spec.channels], height: size, width: size },
    output: { name: "logits", activation: "none" },
    preprocess: spec,
    threshold: 0.5,
    tta: { views: [...(config.eval?.tta ?? [0])] },
    provenance: {
      data: cells.description,
      date: new Date().toISOString().slice(0, 10),
      code:
        `@persist/ctc ${ctx.codeVersion} training/ (${String(training.trainer)}); config "${config.name}", ` +
        `seed ${config.seed}, fold ${request.fold}/${ctx.folds.length}, ${String(training.arch)}, ` +
        `${String(training.epochs)} epochs, augmentation ${config.augment ? "on" : "off"}; trained on ${where}`,
    },
  };
  let bundle = await writeBundle(onnx, card);

  let threshold = 0.5;
  if (cells.classes.length === 2 && plan.val.length > 0) {
    const val = await classifyCells(bundle, pick(cells.stacks, plan.val), { tta: [0] });
    const yVal = plan.val.map((i) => cells.labels[i]);
    if (yVal.includes(positiveIndex)) {
      threshold = thresholdMaxF1(
        yVal,
        val.map((p) => p.positiveProbability),
        { posLabel: positiveIndex },
      ).threshold;
    }
    bundle = await writeBundle(onnx, { ...card, threshold });
  }

  const test = pick(cells.stacks, plan.test);
  const yTest = plan.test.map((i) => cells.labels[i]);
  const score = async (tta: readonly number[]) => {
    const predictions = await classifyCells(bundle, test, { tta });
    return foldMetrics(
      yTest,
      predictions.map((p) => p.labelIndex),
      predictions.map((p) => p.positiveProbability),
      positiveIndex,
      cells.classes.length,
    );
  };
  const metrics = await score([0]);
  const metricsTta = await score(ALL_VIEWS);

  const torchLogits = readNpy(new Uint8Array(readFileSync(request.parityLogits)), {
    file: request.parityLogits,
  });
  const parityIndex = Array.from(
    readNpy(new Uint8Array(readFileSync(request.parityIndex)), { file: request.parityIndex })
      .data as Int32Array,
  );
  const library = await classifyCells(bundle, pick(cells.stacks, parityIndex), { tta: [0] });
  const k = cells.classes.length;
  let parityMaxAbsDiff = 0;
  library.forEach((p, n) => {
    for (let c = 0; c < k; c++) {
      parityMaxAbsDiff = Math.max(parityMaxAbsDiff, Math.abs(p.logits[c] - torchLogits.data[n * k + c]));
    }
  });
  if (!(parityMaxAbsDiff <= 1e-4)) {
    throw new CtcError("MODEL_MISMATCH", "the library's logits differ from PyTorch's by more than 1e-4", {
      file: request.onnx,
      expected: "<= 1e-4",
      actual: parityMaxAbsDiff,
    });
  }

  const evaluation: FoldEvaluation = {
    fold: request.fold,
    threshold,
    metrics,
    metricsTta,
    parityMaxAbsDiff,
    parityCells: parityIndex.length,
    cells: { train: plan.train.length, val: plan.val.length, test: plan.test.length },
    card: { ...card, threshold },
    training,
  };
  writeFileSync(join(request.dir, "model.ctcmodel.zip"), bundle);
  writeFileSync(join(request.dir, "evaluation.json"), `${JSON.stringify(evaluation, null, 2)}\n`);
  return evaluation;
}
