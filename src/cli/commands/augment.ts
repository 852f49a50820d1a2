import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_TRAINING_PIPELINE } from "../../augment/defaults";
import {
  type AugmentPipelineSpec,
  type AugmentRecord,
  augment,
  parseAugmentPipeline,
} from "../../augment/pipeline";
import { CtcError, isCtcError } from "../../core/errors";
import type { ChannelStack } from "../../core/stack";
import { writeNpz } from "../../io/npz";
import { writeRgbPng } from "../../io/png";
import { readTextFile } from "../../node/read-file";
import { normalize } from "../../preprocess/normalize";
import { resolveConfig } from "../../synth/config";
import { generateCell } from "../../synth/render-cell";
import { writeFileAtomic } from "../atomic-write";
import { augmentGallery } from "../augment-gallery";
import type { Command, CommandContext } from "../command";
import { EXIT, UsageError } from "../exit-codes";
import { expandInputs, type InputCell, readInputCells } from "../inputs";
import { listOption, positiveIntegerOption, seedOption } from "../option-values";
import { ProgressBar } from "../progress";

/** The log that makes an augmented dataset replayable: pipeline, seed, and every draw. */
export interface AugmentLog {
  /** Log format version. */
  readonly version: 1;
  /** Run seed; sample `k` of cell `i` was drawn with `sampleRng(seed, k, i)`. */
  readonly seed: number;
  /** The pipeline. */
  readonly pipeline: AugmentPipelineSpec;
  /** How cells were scaled before augmenting. */
  readonly normalize: "scale_range per_sample 1-99.8" | "none";
  /** Channel names of `x`. */
  readonly channels: readonly string[];
  /** The input cells, by ordinal. */
  readonly cells: readonly { readonly id: string; readonly source: string; readonly index: number }[];
  /** Every sample: where it is stored and what was drawn. */
  readonly samples: readonly {
    readonly shard: string;
    readonly row: number;
    readonly cell: number;
    readonly copy: number;
    readonly record: AugmentRecord;
  }[];
}

function readPipeline(path: string | undefined, cwd: string): AugmentPipelineSpec {
  if (path === undefined) return DEFAULT_TRAINING_PIPELINE;
  const file = resolve(cwd, path);
  const text = readTextFile(file);
  let spec: AugmentPipelineSpec;
  try {
    spec = JSON.parse(text);
  } catch (cause) {
    throw new CtcError("CORRUPT_FILE", `not JSON (${(cause as Error).message})`, { file, cause });
  }
  try {
    parseAugmentPipeline(spec);
  } catch (cause) {
    if (isCtcError(cause)) throw new CtcError(cause.code, cause.message, { file, cause });
    throw cause;
  }
  return spec;
}

async function* inputCells(context: CommandContext, seed: number): AsyncGenerator<InputCell> {
  if (context.positionals.length === 0) {
    // Without inputs a simulated cell stands in, so the gallery works out of the box.
    const stack = generateCell(seed, 0, resolveConfig({ preset: "easy" })).stack;
    yield { id: "simulated#0", source: "simulated", index: 0, stack };
    return;
  }
  yield* readInputCells(expandInputs(context.positionals, context.cwd), {
    cwd: context.cwd,
    channels: listOption(context.options.channels),
  });
}

function prepare(stack: ChannelStack, raw: boolean): ChannelStack {
  if (raw) return stack;
  return normalize(stack, { op: "scale_range", mode: "per_sample", min_percentile: 1, max_percentile: 99.8 });
}

function sameShape(a: ChannelStack, b: ChannelStack): boolean {
  return a.height === b.height && a.width === b.width && a.channels.join(",") === b.channels.join(",");
}

async function writeCopies(
  context: CommandContext,
  outDir: string,
  spec: AugmentPipelineSpec,
  settings: { seed: number; raw: boolean; copies: number; shardSize: number },
): Promise<string[]> {
  const pipeline = parseAugmentPipeline(spec);
  const { seed, raw, copies, shardSize } = settings;
  mkdirSync(outDir, { recursive: true });
  const cells: AugmentLog["cells"][number][] = [];
  const samples: AugmentLog["samples"][number][] = [];
  const written: string[] = [];
  let pending: Float32Array[] = [];
  let first: ChannelStack | undefined;
  const flush = () => {
    if (pending.length === 0) return;
    const name = `augmented-${String(written.length).padStart(5, "0")}.npz`;
    const { channels, height, width } = first as ChannelStack;
    const x = new Float32Array(pending.length * channels.length * height * width);
    for (const [k, data] of pending.entries()) x.set(data, k * data.length);
    const rows = samples.slice(samples.length - pending.length);
    const path = join(outDir, name);
    writeFileAtomic(
      path,
      writeNpz({
        x: { data: x, shape: [pending.length, channels.length, height, width], dtype: "float32" },
        cell: { data: Int32Array.from(rows, (r) => r.cell), shape: [rows.length], dtype: "int32" },
        copy: { data: Int32Array.from(rows, (r) => r.copy), shape: [rows.length], dtype: "int32" },
      }),
    );
    written.push(path);
    pending = [];
  };
  const quiet = context.options.quiet === true || context.options.json === true;
  const progress = new ProgressBar(context.stderr, "samples", { quiet });
  try {
    for await (const cell of inputCells(context, seed)) {
      const stack = prepare(cell.stack, raw);
      const ordinal = cells.length;
      cells.push({ id: cell.id, source: cell.source, index: cell.index });
      for (let copy = 0; copy < copies; copy++) {
        if (context.signal.aborted) throw new CtcError("ABORTED", "interrupted; the log was not written");
        // Copy k of cell i draws from sampleRng(seed, k, i): the same triple as epoch k of training.
        const { stack: out, record } = augment(stack, pipeline, { seed, epoch: copy, index: ordinal });
        first ??= out;
        if (!sameShape(first, out)) {
          throw new CtcError(
            "SHAPE_MISMATCH",
            "augmented cells must share channels and size to share shards",
            {
              file: cell.source,
              expected: `${first.channels.join(",")} ${first.height} x ${first.width}`,
              actual: `${out.channels.join(",")} ${out.height} x ${out.width}`,
            },
          );
        }
        pending.push(Float32Array.from(out.data));
        samples.push({
          shard: `augmented-${String(written.length).padStart(5, "0")}.npz`,
          row: pending.length - 1,
          cell: ordinal,
          copy,
          record,
        });
        if (pending.length === shardSize) flush();
        progress.update(samples.length);
      }
    }
    flush();
  } finally {
    progress.done();
  }
  const log: AugmentLog = {
    version: 1,
    seed,
    pipeline: spec,
    normalize: raw ? "none" : "scale_range per_sample 1-99.8",
    channels: first?.channels ?? [],
    cells,
    samples,
  };
  // The log is written last: its presence means every shard it names is complete.
  const logPath = join(outDir, "augment-log.json");
  writeFileAtomic(logPath, `${JSON.stringify(log)}\n`);
  return [...written, logPath];
}

/** `ctc augment`: show what a pipeline does, or write augmented copies of cells. */
export const augmentCommand: Command = {
  name: "augment",
  summary: "render a cell under each augmentation op (PNG gallery) or write augmented copies as NPZ shards",
  usage: "[cell files|folders|globs...] (--gallery PNG | --out DIR) [options]",
  options: {
    gallery: {
      type: "string",
      value: "PNG",
      description: "write one input cell under each op, in false colour",
    },
    out: {
      type: "string",
      short: "o",
      value: "DIR",
      description: "write augmented copies here (NPZ + augment-log.json)",
    },
    pipeline: {
      type: "string",
      value: "JSON",
      description: "augmentation pipeline file",
      default: "the default training pipeline",
    },
    copies: {
      type: "string",
      short: "k",
      value: "K",
      description: "augmented copies per cell",
      default: "1",
    },
    seed: {
      type: "string",
      value: "S",
      description: "seed; with the log, every sample replays exactly",
      default: "0",
    },
    channels: { type: "string", value: "NAMES", description: "channel names for files without them" },
    raw: {
      type: "boolean",
      description: "augment pixels as read (default: scale each cell to its 1st-99.8th percentile first)",
    },
    "shard-size": { type: "string", value: "N", description: "samples per NPZ shard", default: "1024" },
    json: { type: "boolean", description: "print what was written as JSON" },
    quiet: { type: "boolean", short: "q", description: "no progress bar, no summary" },
  },
  examples: [
    "ctc augment --gallery pipeline.png",
    "ctc augment cells/cell-003.tif --gallery pipeline.png --pipeline my-pipeline.json",
    "ctc augment shard-00000.npz --channels BF,DAPI,CK,CD45 --out augmented --copies 4 --seed 1",
  ],
  async run(context) {
    const o = context.options;
    if (o.gallery === undefined && o.out === undefined)
      throw new UsageError("give --gallery PNG or --out DIR");
    const seed = seedOption(o.seed, "seed") ?? 0;
    const copies = positiveIntegerOption(o.copies, "copies") ?? 1;
    const shardSize = positiveIntegerOption(o["shard-size"], "shard-size") ?? 1024;
    const raw = o.raw === true;
    const spec = readPipeline(o.pipeline as string | undefined, context.cwd);
    const outputs: string[] = [];
    const summary: Record<string, unknown> = {};
    if (typeof o.gallery === "string") {
      const cells = inputCells(context, seed);
      const first = (await cells.next()).value as InputCell | undefined;
      await cells.return(undefined);
      if (first === undefined) throw new UsageError("no cell to show");
      const { tiles, image } = augmentGallery(prepare(first.stack, raw), spec, { seed });
      const path = resolve(context.cwd, o.gallery);
      writeFileAtomic(path, writeRgbPng(image));
      outputs.push(path);
      summary.gallery = { path, cell: first.id, tiles: tiles.map((t) => t.title) };
      if (o.json !== true && o.quiet !== true)
        context.stdout.write(
          `gallery of ${first.id}, left to right: ${tiles.map((t) => t.title).join(", ")}\n`,
        );
    }
    if (typeof o.out === "string") {
      const written = await writeCopies(context, resolve(context.cwd, o.out), spec, {
        seed,
        raw,
        copies,
        shardSize,
      });
      outputs.push(...written);
      summary.out = written;
    }
    if (o.json === true) context.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else if (o.quiet !== true) context.stdout.write(`${outputs.map((p) => `wrote ${p}`).join("\n")}\n`);
    return EXIT.ok;
  },
};
