import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CellPrediction, Classifier } from "../classify/classifier";
import { CtcError, isCtcError, relocateError } from "../core/errors";
import { createNodeClassifier } from "../node/runtime";
import { toBase64 } from "../report/base64";
import { evaluateBinary, evaluationForReport } from "../report/binary-evaluation";
import { renderReport } from "../report/render-report";
import { makeThumbnail } from "../report/thumbnail";
import type { ReportCell } from "../report/types";
import { writeFileAtomic } from "./atomic-write";
import { formatCsv } from "./csv";
import { type InputCell, type InputOptions, readInputCells } from "./inputs";
import { Journal } from "./journal";
import { ProgressBar, type ProgressStream } from "./progress";
import { reportModel } from "./report-model";

/** One finished cell as kept in the journal. */
export interface JournalEntry {
  /** Cell id (`source#index`). */
  readonly id: string;
  /** Source path relative to the working directory. */
  readonly source: string;
  /** Index within the source. */
  readonly index: number;
  /** Predicted class. */
  readonly label: string;
  /** Positive-class probability. */
  readonly positiveProbability: number;
  /** Class probabilities. */
  readonly probabilities: readonly number[];
  /** Logits. */
  readonly logits: readonly number[];
  /** Base64 thumbnail bytes (RGB then planes), when a report was asked for. */
  readonly thumbnail?: string;
  /** Channel names of the thumbnail planes. */
  readonly thumbnailChannels?: readonly string[];
}

/** Settings of a classification run. */
export interface ClassificationRun {
  /** Absolute input paths. */
  readonly inputs: readonly string[];
  /** How inputs become cells. */
  readonly inputOptions: InputOptions;
  /** Model bundle path(s). */
  readonly models: readonly string[];
  /** Output folder. */
  readonly outDir: string;
  /** TTA views, when overriding the model's. */
  readonly tta?: readonly number[];
  /** Batch size. */
  readonly batchSize?: number;
  /** Intra-op threads. */
  readonly threads?: number;
  /** Decision threshold, when overriding the model's. */
  readonly threshold?: number;
  /** Report path, when a report is wanted. */
  readonly reportPath?: string;
  /** Thumbnail size in the report. */
  readonly thumbnailSize: number;
  /** Cell id to true label, for the report's evaluation. */
  readonly labels?: ReadonlyMap<string, string>;
  /** Continue from the journal of an interrupted run. */
  readonly resume: boolean;
  /** Suppress progress. */
  readonly quiet: boolean;
  /** Where progress goes. */
  readonly stderr: ProgressStream;
  /** Cancels the run; finished cells stay in the journal. */
  readonly signal: AbortSignal;
}

/** What a finished run produced. */
export interface ClassificationSummary {
  /** Cells classified (including resumed ones). */
  readonly cells: number;
  /** Cells called positive at the threshold. */
  readonly positives: number;
  /** The threshold used. */
  readonly threshold: number;
  /** Files written. */
  readonly outputs: readonly string[];
  /** Seconds spent classifying in this invocation. */
  readonly seconds: number;
}

const JOURNAL = ".ctc-journal.jsonl";

function entryFor(cell: InputCell, p: CellPrediction, withThumbnail: boolean, size: number): JournalEntry {
  const base = {
    id: cell.id,
    source: cell.source,
    index: cell.index,
    label: p.label,
    positiveProbability: p.positiveProbability,
    probabilities: p.probabilities,
    logits: p.logits,
  };
  if (!withThumbnail) return base;
  const t = makeThumbnail(cell.stack, { size });
  const bytes = new Uint8Array(t.rgb.length + t.planes.length);
  bytes.set(t.rgb);
  bytes.set(t.planes, t.rgb.length);
  return { ...base, thumbnail: toBase64(bytes), thumbnailChannels: t.channels };
}

function reportCell(entry: JournalEntry, size: number, truth: string | undefined): ReportCell {
  const bytes = Uint8Array.from(atob(entry.thumbnail ?? ""), (c) => c.charCodeAt(0));
  const plane = size * size;
  return {
    id: entry.id,
    source: entry.source,
    index: entry.index,
    positiveProbability: entry.positiveProbability,
    probabilities: entry.probabilities,
    truth,
    thumbnail: {
      size,
      rgb: bytes.subarray(0, 3 * plane),
      channels: entry.thumbnailChannels ?? [],
      planes: bytes.subarray(3 * plane),
    },
  };
}

async function* pending(
  cells: AsyncIterable<InputCell>,
  done: ReadonlySet<string>,
  queue: InputCell[],
): AsyncGenerator<InputCell["stack"]> {
  for await (const cell of cells) {
    if (done.has(cell.id)) continue;
    queue.push(cell);
    yield cell.stack;
  }
}

function writeOutputs(
  run: ClassificationRun,
  classifier: Classifier,
  entries: readonly JournalEntry[],
): string[] {
  const classes = classifier.classes;
  const csvPath = join(run.outDir, "predictions.csv");
  writeFileAtomic(
    csvPath,
    formatCsv(
      ["id", "source", "index", "label", "positive_probability", ...classes.map((c) => `p_${c}`)],
      entries.map((e) => [e.id, e.source, e.index, e.label, e.positiveProbability, ...e.probabilities]),
    ),
  );
  const jsonPath = join(run.outDir, "predictions.json");
  const card = classifier.cards[0];
  writeFileAtomic(
    jsonPath,
    `${JSON.stringify(
      {
        model: { name: card.name, version: card.version, classes, positiveClass: classifier.positiveClass },
        models: run.models,
        threshold: classifier.threshold,
        cells: entries.map(({ thumbnail: _t, thumbnailChannels: _c, ...rest }) => rest),
      },
      null,
      2,
    )}\n`,
  );
  return [csvPath, jsonPath];
}

/**
 * Classify every cell of the inputs with a bundle, journaling results as they come so an interrupted
 * run resumes, then write `predictions.csv`, `predictions.json` and optionally the HTML report, each
 * atomically.
 *
 * @param run - inputs, model, outputs and run settings
 * @returns counts, threshold, written files and time
 * @throws {@link CtcError} from reading, the model or the runtime; `ABORTED` when cancelled
 */
export async function classifyToFiles(run: ClassificationRun): Promise<ClassificationSummary> {
  mkdirSync(run.outDir, { recursive: true });
  const journal = new Journal<JournalEntry>(join(run.outDir, JOURNAL));
  const previous = run.resume ? journal.read() : [];
  if (!run.resume) journal.remove();
  const withThumbnails = run.reportPath !== undefined;
  if (withThumbnails && previous.some((e) => e.thumbnail === undefined)) {
    throw new CtcError(
      "INVALID_ARGUMENT",
      "the interrupted run made no thumbnails; resume it without --report",
      {
        file: journal.path,
      },
    );
  }
  const classifier = await createNodeClassifier([...run.models], {
    batchSize: run.batchSize,
    threads: run.threads,
    tta: run.tta,
    threshold: run.threshold,
  });
  const started = Date.now();
  const progress = new ProgressBar(run.stderr, "cells", { quiet: run.quiet });
  const queue: InputCell[] = [];
  const fresh: JournalEntry[] = [];
  let unsaved: JournalEntry[] = [];
  try {
    const done = new Set(previous.map((e) => e.id));
    const stream = classifier.stream(pending(readInputCells(run.inputs, run.inputOptions), done, queue), {
      signal: run.signal,
      onProgress: (p) => progress.update(previous.length + p.done),
    });
    for await (const prediction of stream) {
      const cell = queue.shift();
      if (cell === undefined) throw new Error("prediction without a cell");
      const entry = entryFor(cell, prediction, withThumbnails, run.thumbnailSize);
      fresh.push(entry);
      unsaved.push(entry);
      if (unsaved.length >= 64) {
        journal.append(unsaved);
        unsaved = [];
      }
    }
  } catch (error) {
    // The classifier counts cells along the stream; the user knows them by file and index in it.
    const cell = isCtcError(error) && error.cell !== undefined ? queue[error.cell - fresh.length] : undefined;
    throw cell && isCtcError(error) ? relocateError(error, { file: cell.source, cell: cell.index }) : error;
  } finally {
    // Whatever finished is kept, so --resume continues after a failure or an interrupt.
    journal.append(unsaved);
    progress.done();
    await classifier.release();
  }
  const seconds = (Date.now() - started) / 1000;
  const entries = [...previous, ...fresh];
  const outputs = writeOutputs(run, classifier, entries);
  const positives = entries.filter((e) => e.positiveProbability >= classifier.threshold).length;
  if (run.reportPath !== undefined) {
    const reportPath = resolve(run.reportPath);
    const labels = run.labels;
    const cells = entries.map((e) => reportCell(e, run.thumbnailSize, labels?.get(e.id)));
    const labelled = labels ? entries.filter((e) => labels.has(e.id)) : [];
    const positive = classifier.positiveClass;
    const negative = classifier.classes.find((c) => c !== positive) ?? "other";
    let evaluation: ReturnType<typeof evaluationForReport> | undefined;
    if (labelled.length > 0) {
      const truth = labelled.map((e) => (labels?.get(e.id) === positive ? 1 : 0));
      const scores = labelled.map((e) => e.positiveProbability);
      if (truth.includes(1) && truth.includes(0)) {
        evaluation = evaluationForReport(evaluateBinary(truth, scores, classifier.threshold), truth, scores, [
          negative,
          positive,
        ]);
      }
    }
    const card = classifier.cards[0];
    writeFileAtomic(
      reportPath,
      renderReport({
        title: `CTC review: ${entries.length} cells`,
        runId: `${card.name}-${card.version}-${entries.length}-${Date.now().toString(36)}`,
        createdAt: new Date().toISOString(),
        model: reportModel(classifier),
        threshold: classifier.threshold,
        settings: {
          inputs: run.inputs.length,
          models: run.models.join(", "),
          tta: (run.tta ?? card.tta.views).join(","),
          "batch size": run.batchSize ?? 16,
          threads: run.threads ?? "default",
        },
        timings: { classification: seconds },
        cells,
        evaluation,
      }),
    );
    outputs.push(reportPath);
  }
  journal.remove();
  return { cells: entries.length, positives, threshold: classifier.threshold, outputs, seconds };
}
