import { resolve } from "node:path";
import { classifyToFiles } from "../classify-run";
import type { Command, CommandContext } from "../command";
import { EXIT, UsageError } from "../exit-codes";
import { expandInputs, type InputOptions } from "../inputs";
import { readLabels } from "../labels";
import {
  channelMapOption,
  listOption,
  positiveIntegerOption,
  probabilityOption,
  ttaOption,
} from "../option-values";
import { defaultModelPath } from "./defaults";

/** The model and inference options of every command that classifies (`classify`, `demo`, `detect`). */
export const INFERENCE_OPTIONS = {
  model: {
    type: "string",
    short: "m",
    value: "BUNDLE",
    multiple: true,
    description: "model bundle (.zip) or .onnx beside its .json; several make an ensemble",
    default: "the bundled default model",
  },
  tta: {
    type: "string",
    value: "VIEWS",
    description: "test-time augmentation: none, flips, all or views like 0,4,6",
  },
  batch: { type: "string", value: "N", description: "cells per inference batch", default: "16" },
  threads: { type: "string", value: "N", description: "ONNX Runtime intra-op threads" },
  threshold: { type: "string", value: "P", description: "CTC probability threshold", default: "the model's" },
} as const;

/** The report and output-format options of every command that classifies. */
export const REPORT_OPTIONS = {
  report: {
    type: "string",
    value: "FILE",
    description: "also write the HTML review report (relative to --out)",
  },
  "thumbnail-size": {
    type: "string",
    value: "PX",
    description: "thumbnail edge in the report",
    default: "40",
  },
  json: { type: "boolean", description: "print the summary as JSON" },
  quiet: { type: "boolean", short: "q", description: "no progress bar, no summary" },
} as const;

/** Options shared by `classify` and `demo`. */
export const RUN_OPTIONS = {
  ...INFERENCE_OPTIONS,
  out: { type: "string", short: "o", value: "DIR", description: "output folder" },
  ...REPORT_OPTIONS,
  labels: {
    type: "string",
    value: "CSV",
    description: "true labels (id,label or source,index,label) for the report",
  },
  resume: { type: "boolean", description: "continue an interrupted run in the same output folder" },
} as const;

/**
 * Run a classification with the options common to `classify` and `demo`, and print its summary.
 *
 * @param context - parsed command line
 * @param inputs - input patterns
 * @param inputOptions - how files become cells
 * @param defaults - output folder and report path used when not given
 * @returns the exit code
 */
export async function runClassification(
  context: CommandContext,
  inputs: readonly string[],
  inputOptions: Omit<InputOptions, "cwd">,
  defaults: { out: string; report?: string; labels?: string },
): Promise<number> {
  const o = context.options;
  const outDir = resolve(context.cwd, (o.out as string | undefined) ?? defaults.out);
  const report = (o.report as string | undefined) ?? defaults.report;
  const labelsPath = (o.labels as string | undefined) ?? defaults.labels;
  const models = ((o.model as string[] | undefined) ?? [defaultModelPath()]).map((m) =>
    resolve(context.cwd, m),
  );
  const summary = await classifyToFiles({
    inputs: expandInputs(inputs, context.cwd),
    inputOptions: { ...inputOptions, cwd: context.cwd },
    models,
    outDir,
    tta: ttaOption(o.tta),
    batchSize: positiveIntegerOption(o.batch, "batch"),
    threads: positiveIntegerOption(o.threads, "threads"),
    threshold: probabilityOption(o.threshold, "threshold"),
    reportPath: report === undefined ? undefined : resolve(outDir, report),
    thumbnailSize: positiveIntegerOption(o["thumbnail-size"], "thumbnail-size") ?? 40,
    labels: labelsPath === undefined ? undefined : readLabels(resolve(context.cwd, labelsPath), context.cwd),
    resume: o.resume === true,
    quiet: o.quiet === true || o.json === true,
    stderr: context.stderr,
    signal: context.signal,
  });
  if (o.json === true) {
    context.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else if (o.quiet !== true) {
    context.stdout.write(
      `${summary.cells} cells, ${summary.positives} called CTC at threshold ${summary.threshold.toFixed(3)} ` +
        `(${summary.seconds.toFixed(1)} s)\n${summary.outputs.map((p) => `wrote ${p}`).join("\n")}\n`,
    );
  }
  return EXIT.ok;
}

/** `ctc classify`: classify cell images with a model bundle. */
export const classifyCommand: Command = {
  name: "classify",
  summary: "classify cell images (TIFF, PNG, NPY, NPZ) and write CSV, JSON and a report",
  usage: "<files|folders|globs...> [options]",
  options: {
    ...RUN_OPTIONS,
    channels: {
      type: "string",
      value: "NAMES",
      description: "channel names for files without them, e.g. BF,DAPI,CK,CD45",
    },
    "channel-map": {
      type: "string",
      value: "MAP",
      description: "one file per channel: each input is a folder, e.g. BF=*_Ch1.tif,DAPI=*_Ch2.tif",
    },
    tile: { type: "string", value: "PX", description: "split each image as a montage of PX x PX tiles" },
    "tile-order": {
      type: "string",
      value: "ORDER",
      description: "montage fill order: row or column",
      default: "row",
    },
    "drop-padding": {
      type: "string",
      value: "CHANNEL",
      description: "drop montage padding tiles, judged on CHANNEL",
    },
  },
  examples: [
    "ctc classify cells/ --report report.html",
    "ctc classify 'exports/*.tif' --model my-model.zip --tta flips --threads 2 -o results",
    "ctc classify shard-00000.npz --channels BF,DAPI,CK,CD45",
    "ctc classify Experiment_1/G1 --channel-map BF=Ch3_*.tif,DNA=Ch4_*.tif --tile 40 --tile-order column --drop-padding BF",
    "ctc classify cells/ -o results --resume",
  ],
  async run(context) {
    if (context.positionals.length === 0) throw new UsageError("give at least one file, folder or glob");
    const o = context.options;
    const tile = positiveIntegerOption(o.tile, "tile");
    const order = (o["tile-order"] as string | undefined) ?? "row";
    if (order !== "row" && order !== "column")
      throw new UsageError(`--tile-order must be row or column, got "${order}"`);
    const dropChannel = o["drop-padding"] as string | undefined;
    if (dropChannel !== undefined && tile === undefined) throw new UsageError("--drop-padding needs --tile");
    return runClassification(
      context,
      context.positionals,
      {
        channels: listOption(o.channels),
        channelMap: channelMapOption(o["channel-map"]),
        montage:
          tile === undefined
            ? undefined
            : {
                tileWidth: tile,
                order: order === "row" ? "row-major" : "column-major",
                dropPadding: dropChannel === undefined ? undefined : { channel: dropChannel },
              },
      },
      { out: "ctc-results" },
    );
  },
};
