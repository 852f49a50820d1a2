import type { Tensor } from "onnxruntime-common";
import { dihedral } from "../augment/index";
import { CtcError } from "../core/errors";
import { type ChannelStack, createStack } from "../core/stack";
import { createPreprocessor, type Preprocessor } from "../preprocess/index";
import type { ModelBundle } from "./bundle";
import type { ModelCard } from "./bundle-schema";
import { type LoadedModel, loadModel } from "./model";
import type { OrtRuntime, SessionSettings } from "./runtime";
import { checkSessionConfig } from "./session";
import { addScores, type ScoreRows } from "./softmax";
import { batched, type CellSource, isAsyncSource, type Progress, throwIfAborted } from "./stream";

/** Options for {@link createClassifier}. */
export interface ClassifierOptions extends SessionSettings {
  /**
   * Cells per `session.run`; default 16. Cells from an array or other synchronous iterable are
   * preprocessed, and their results read, whole batches at a time and at least 16 cells at a time, so
   * that small batches run back to back; cells from an async iterable a batch at a time. The classifier
   * holds an input array of that many cells per model (twice that with TTA) and reuses it from run to
   * run; `release` lets it go.
   */
  readonly batchSize?: number;
  /** Dihedral views (0..7, 0 = identity) averaged for every model; default: each card's `tta.views`. */
  readonly tta?: readonly number[];
  /** Positive-class probability at or above which a cell is called positive; default: the first card's. */
  readonly threshold?: number;
}

/** Options for one classification run. */
export interface ClassifyOptions {
  /**
   * Cancels the run: the promise rejects (or the stream throws) with code `ABORTED` before the next
   * group of cells (see {@link ClassifierOptions.batchSize}).
   */
  readonly signal?: AbortSignal;
  /** Called after every group of cells (see {@link ClassifierOptions.batchSize}). */
  readonly onProgress?: (progress: Progress) => void;
  /** Number of cells, when the source knows it and it is not an array (passed on to `onProgress`). */
  readonly total?: number;
}

/** The classification of one cell. */
export interface CellPrediction {
  /** Position of the cell in the input. */
  readonly index: number;
  /** Predicted class name. */
  readonly label: string;
  /** Predicted class index into {@link Classifier.classes}. */
  readonly labelIndex: number;
  /** Probability of the positive (CTC) class. */
  readonly positiveProbability: number;
  /** One probability per class, averaged over TTA views and ensemble members. */
  readonly probabilities: readonly number[];
  /** One logit per class, averaged the same way (log-probabilities when the graph ends in softmax). */
  readonly logits: readonly number[];
}

/** A loaded classifier: one model or an ensemble, with its preprocessing and TTA. */
export interface Classifier {
  /** Cards of the models, in ensemble order. */
  readonly cards: readonly ModelCard[];
  /** Class names, shared by every model. */
  readonly classes: readonly string[];
  /** The positive (CTC) class. */
  readonly positiveClass: string;
  /** Decision threshold on the positive-class probability. */
  readonly threshold: number;
  /** Every channel some model reads, in first-seen order; cells must have these (any order, any extras). */
  readonly channels: readonly string[];
  /**
   * Classify cells and collect the results.
   *
   * @param cells - stacks with named channels, any order and size
   * @param options - cancellation and progress
   * @returns one prediction per cell, in input order
   * @throws {@link CtcError} `INVALID_ARGUMENT` (empty stack), `MISSING_CHANNEL`, `NON_FINITE` naming the
   * cell index; `ABORTED`; `RUNTIME_ERROR`
   */
  classify(cells: CellSource<ChannelStack>, options?: ClassifyOptions): Promise<CellPrediction[]>;
  /**
   * Classify a stream of cells, yielding results in input order while holding only one group of cells
   * (see {@link ClassifierOptions.batchSize}).
   *
   * @param cells - stacks, from an iterable or async iterable
   * @param options - cancellation and progress
   * @returns an async iterator of predictions
   * @throws the same errors as {@link Classifier.classify}, when iterated
   */
  stream(cells: CellSource<ChannelStack>, options?: ClassifyOptions): AsyncGenerator<CellPrediction>;
  /**
   * Release the ONNX Runtime sessions.
   *
   * @returns when released
   */
  release(): Promise<void>;
}

function positiveInteger(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new CtcError("INVALID_ARGUMENT", "must be a positive integer", {
      field,
      expected: ">= 1",
      actual: value,
    });
  }
}

function checkViews(views: readonly number[], field: string): void {
  if (views.length === 0 || views.some((v) => !Number.isInteger(v) || v < 0 || v > 7)) {
    throw new CtcError("INVALID_ARGUMENT", "TTA views must be a non-empty list of integers 0..7", {
      field,
      actual: views,
    });
  }
}

/**
 * One model's share of a run: its views, its preprocessor and buffers reused for every batch of the run
 * (a preprocessor keeps scratch buffers, so each run has its own).
 */
interface Member {
  readonly model: LoadedModel;
  readonly views: readonly number[];
  readonly preprocessor: Preprocessor;
  /** The N x C x H x W input tensor's data. */
  readonly batch: Float32Array;
  /** Preprocessed cells before TTA views; absent when the only view is the identity. */
  readonly prepared?: Float32Array;
}

/** What a run needs besides its cells: the members, and the rows their scores are averaged in. */
interface Workspace {
  readonly members: readonly Member[];
  /** Each (model, view) pair's share of the average. */
  readonly weight: number;
  /** One row per cell of a group (see `MIN_GROUP`). */
  readonly scores: ScoreRows;
}

/**
 * Cells from a synchronous source that are preprocessed together, and whose results are read together,
 * when the batch size is smaller. Runs of one cell back to back keep the runtime's threads busy; work
 * between them leaves the threads idle long enough that the next run starts slowly (ResNet-18 at 64 x 64
 * on two threads: its first convolution took 375 us instead of 194 after a 400 us pause), and code and
 * data the run pushed out of the caches make that work itself several times slower.
 */
const MIN_GROUP = 16;

function createMember(model: LoadedModel, views: readonly number[], groupSize: number): Member {
  const { input } = model.card;
  const sample = input.channels.length * input.height * input.width;
  // A graph with a fixed batch size runs in chunks of that size, the last one padded.
  const rows =
    model.fixedBatch === undefined ? groupSize : Math.ceil(groupSize / model.fixedBatch) * model.fixedBatch;
  const identityOnly = views.length === 1 && views[0] === 0;
  return {
    model,
    views,
    preprocessor: createPreprocessor(model.card.preprocess),
    batch: new Float32Array(rows * sample),
    ...(identityOnly ? {} : { prepared: new Float32Array(groupSize * sample) }),
  };
}

/**
 * Preprocess a group of cells for one model, run them `batchSize` at a time (or in the graph's fixed
 * batches) in every view of the member, and add each view's scores, times `weight`, to `scores` (row j
 * for cell j of the group).
 */
async function runMember(
  ort: OrtRuntime,
  member: Member,
  cells: readonly ChannelStack[],
  first: number,
  batchSize: number,
  weight: number,
  scores: ScoreRows,
): Promise<void> {
  const { model, views, batch, prepared, preprocessor } = member;
  const { card } = model;
  const { height, width } = card.input;
  const channels = card.input.channels;
  const sample = channels.length * height * width;
  // Without TTA, preprocessing writes straight into the tensor's slots: no copy.
  const target = prepared ?? batch;
  cells.forEach((cell, j) => {
    const size = preprocessor.outputSize(cell.height, cell.width);
    if (size.height !== height || size.width !== width) {
      throw new CtcError("MODEL_MISMATCH", "preprocessing does not produce the model's input size", {
        file: card.name,
        cell: first + j,
        field: "preprocess",
        expected: `${height} x ${width}`,
        actual: `${size.height} x ${size.width} (from a ${cell.height} x ${cell.width} cell)`,
      });
    }
    preprocessor.run(cell, { out: target.subarray(j * sample, (j + 1) * sample), cell: first + j });
  });
  const step = model.fixedBatch ?? batchSize;
  for (const view of views) {
    if (prepared !== undefined) {
      for (let j = 0; j < cells.length; j++) {
        const stack = createStack(prepared.subarray(j * sample, (j + 1) * sample), {
          channels,
          height,
          width,
        });
        const viewed = view === 0 ? stack : dihedral(stack, view);
        if (viewed.height !== height) {
          throw new CtcError("INVALID_ARGUMENT", `TTA view ${view} turns a non-square input`, {
            file: card.name,
            field: "tta",
            expected: "a square input, or views 0, 2, 4, 6",
            actual: `${height} x ${width}`,
          });
        }
        batch.set(viewed.data, j * sample);
      }
    }
    for (let start = 0; start < cells.length; start += step) {
      const count = Math.min(step, cells.length - start);
      // A fixed-batch graph gets its whole batch; the rows past the group's cells are ignored.
      const rows = model.fixedBatch ?? count;
      const data = batch.subarray(start * sample, (start + rows) * sample);
      const input: Tensor = new ort.Tensor("float32", data, [rows, channels.length, height, width]);
      const outputs = await model.session.run({ [model.inputName]: input });
      const output = outputs[model.outputName].data as Float32Array;
      if (output.length !== rows * model.outputWidth) {
        throw new CtcError("MODEL_MISMATCH", "the graph's output size differs from the class count", {
          file: card.name,
          field: "classes",
          expected: rows * model.outputWidth,
          actual: output.length,
        });
      }
      const { outputWidth, positive, activation } = model;
      for (let j = 0; j < count; j++) {
        addScores(output, j * outputWidth, outputWidth, positive, activation, weight, scores, start + j);
      }
    }
  }
}

/**
 * Build a classifier from loaded models.
 *
 * @param ort - the runtime the models were loaded with
 * @param models - one model, or several with the same classes (an ensemble)
 * @param options - batch size, TTA views, threshold, already validated by {@link createClassifier}
 * @returns the classifier
 */
function fromModels(ort: OrtRuntime, models: readonly LoadedModel[], options: ClassifierOptions): Classifier {
  const first = models[0].card;
  const batchSize = options.batchSize ?? 16;
  const threshold = options.threshold ?? first.threshold;
  const { tta } = options;
  const channels = [...new Set(models.flatMap((m) => m.card.input.channels))];
  const classes = first.classes.length;
  const positive = first.classes.indexOf(first.positiveClass);
  // Cells taken from a synchronous source at a time: whole batches, at least MIN_GROUP cells. An async
  // source is taken a batch at a time, so a live source's cells are not held back for later ones.
  const groupSize = batchSize * Math.ceil(MIN_GROUP / batchSize);
  const createWorkspace = (): Workspace => {
    const members = models.map((model) => createMember(model, tta ?? model.card.tta.views, groupSize));
    // Every (model, view) pair weighs the same: a member with more TTA views counts more.
    const pairs = members.reduce((n, member) => n + member.views.length, 0);
    const rows = groupSize * classes;
    return {
      members,
      weight: 1 / pairs,
      scores: { probabilities: new Float64Array(rows), logits: new Float64Array(rows) },
    };
  };
  // A finished run leaves its workspace, and so its batch arrays, to the next one. A fresh array of
  // megabytes per run counts against V8's external memory, which starts a major collection every few
  // runs, and its concurrent marking takes the cores ONNX Runtime's threads run on: 20 runs of 128
  // cells (ResNet-18, 64 x 64, batch 64, two threads) saw 5-8 mark-compacts and took 3-6% longer.
  // Runs that overlap each get their own workspace; one is kept.
  let idle: Workspace | undefined;

  const predictionOf = ({ probabilities, logits }: ScoreRows, j: number, index: number): CellPrediction => {
    const p = Array.from(probabilities.subarray(j * classes, (j + 1) * classes));
    const z = Array.from(logits.subarray(j * classes, (j + 1) * classes));
    let labelIndex = positive;
    if (p[positive] < threshold) {
      labelIndex = -1;
      for (let k = 0; k < classes; k++)
        if (k !== positive && (labelIndex < 0 || p[k] > p[labelIndex])) labelIndex = k;
    }
    return {
      index,
      label: first.classes[labelIndex],
      labelIndex,
      positiveProbability: p[positive],
      probabilities: p,
      logits: z,
    };
  };

  // Predictions a group at a time: `classify` collects them without a promise per cell.
  async function* predictGroups(
    cells: CellSource<ChannelStack>,
    run: ClassifyOptions,
  ): AsyncGenerator<CellPrediction[]> {
    const { signal, onProgress } = run;
    const total = run.total ?? (Array.isArray(cells) ? cells.length : undefined);
    throwIfAborted(signal);
    const workspace = idle ?? createWorkspace();
    idle = undefined;
    const { members, weight, scores } = workspace;
    const size = isAsyncSource(cells) ? batchSize : groupSize;
    let done = 0;
    try {
      for await (const group of batched(cells, size, signal)) {
        scores.probabilities.fill(0);
        scores.logits.fill(0);
        for (const member of members) await runMember(ort, member, group, done, batchSize, weight, scores);
        throwIfAborted(signal);
        const predictions = group.map((_, j) => predictionOf(scores, j, done + j));
        done += group.length;
        onProgress?.(total === undefined ? { done } : { done, total });
        yield predictions;
      }
    } finally {
      idle = workspace;
    }
  }

  return {
    cards: models.map((m) => m.card),
    classes: first.classes,
    positiveClass: first.positiveClass,
    threshold,
    channels,
    async *stream(cells, run = {}) {
      for await (const predictions of predictGroups(cells, run)) yield* predictions;
    },
    async classify(cells, run = {}) {
      const out: CellPrediction[] = [];
      for await (const predictions of predictGroups(cells, run)) {
        for (const prediction of predictions) out.push(prediction);
      }
      return out;
    },
    async release() {
      idle = undefined;
      await Promise.all(models.map((m) => m.session.release()));
    },
  };
}

/**
 * Load one bundle, or several as an ensemble (e.g. the k fold models, each with its own preprocessing
 * and statistics), into sessions of the injected runtime. Ensemble members must share classes and the
 * positive class; their probabilities are averaged.
 *
 * @param ort - the ONNX Runtime namespace (`onnxruntime-node`, `onnxruntime-web`)
 * @param bundles - one bundle or a non-empty list
 * @param options - session settings, batch size, TTA views, threshold
 * @returns the classifier
 * @throws {@link CtcError} `MODEL_MISMATCH` when a graph disagrees with its card or members disagree on
 * classes, `MODEL_INVALID` when a graph cannot be loaded, `INVALID_ARGUMENT` for bad options
 * @example
 * ```ts
 * import * as ort from "onnxruntime-node";
 * const classifier = await createClassifier(ort, await readBundle(bytes), { batchSize: 32 });
 * for await (const p of classifier.stream(cells)) console.log(p.index, p.label, p.positiveProbability);
 * ```
 */
export async function createClassifier(
  ort: OrtRuntime,
  bundles: ModelBundle | readonly ModelBundle[],
  options: ClassifierOptions = {},
): Promise<Classifier> {
  const list = Array.isArray(bundles) ? (bundles as readonly ModelBundle[]) : [bundles as ModelBundle];
  if (list.length === 0) {
    throw new CtcError("INVALID_ARGUMENT", "at least one model bundle is needed", {
      field: "bundles",
      actual: 0,
    });
  }
  const [head] = list;
  for (const bundle of list) {
    const { card } = bundle;
    if (
      card.classes.join("\u0000") !== head.card.classes.join("\u0000") ||
      card.positiveClass !== head.card.positiveClass
    ) {
      throw new CtcError("MODEL_MISMATCH", "ensemble members must share classes and the positive class", {
        file: card.name,
        field: "classes",
        expected: { classes: head.card.classes, positiveClass: head.card.positiveClass },
        actual: { classes: card.classes, positiveClass: card.positiveClass },
      });
    }
  }
  // Validate options before paying for session creation.
  const batchSize = options.batchSize ?? 16;
  positiveInteger(batchSize, "batchSize");
  if (options.tta !== undefined) checkViews(options.tta, "tta");
  checkSessionConfig(options.sessionConfig);
  if (options.threshold !== undefined && !(options.threshold >= 0 && options.threshold <= 1)) {
    throw new CtcError("INVALID_ARGUMENT", "threshold must be in [0, 1]", {
      field: "threshold",
      actual: options.threshold,
    });
  }
  const models: LoadedModel[] = [];
  try {
    // One cell per run streams the weights from memory once per cell, and the rewritten weights are larger.
    const settings = {
      ...options,
      denseSmallConvolutions: options.denseSmallConvolutions ?? batchSize > 1,
      winogradConvolutions: options.winogradConvolutions ?? batchSize > 1,
      im2colConvolutions: options.im2colConvolutions ?? batchSize > 1,
    };
    for (const bundle of list) models.push(await loadModel(ort, bundle, settings));
    return fromModels(ort, models, options);
  } catch (error) {
    await Promise.all(models.map((m) => m.session.release()));
    throw error;
  }
}
