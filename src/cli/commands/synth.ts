import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CtcError } from "../../core/errors";
import { writeTiff } from "../../io/tiff-write";
import { fieldToCoco } from "../../synth/coco";
import { resolveConfig, type SynthConfig } from "../../synth/config";
import { datasetFiles } from "../../synth/dataset-files";
import { fieldLayout, renderFieldWindow } from "../../synth/field";
import { PRESETS, type PresetName } from "../../synth/presets";
import { writeFileAtomic } from "../atomic-write";
import type { Command, CommandContext } from "../command";
import { EXIT, UsageError } from "../exit-codes";
import { positiveIntegerOption, probabilityOption, seedOption, sizeOption } from "../option-values";
import { ProgressBar } from "../progress";

function writeInto(outDir: string, path: string, bytes: Uint8Array | string): string {
  const target = join(outDir, ...path.split("/"));
  mkdirSync(dirname(target), { recursive: true });
  writeFileAtomic(target, bytes);
  return target;
}

/** What a synth run wrote: a JSON summary and a line for people. */
interface Written {
  readonly json: Readonly<Record<string, unknown>>;
  readonly text: string;
}

function writeDataset(context: CommandContext, outDir: string, seed: number, config: SynthConfig): Written {
  const o = context.options;
  const count = positiveIntegerOption(o.count, "count");
  if (count === undefined) throw new UsageError("--count N is required (or --field WxH for a field)");
  const format = (o.format as string | undefined) ?? "npz";
  if (format !== "npz" && format !== "tiff")
    throw new UsageError(`--format must be npz or tiff, got "${format}"`);
  const shardSize = positiveIntegerOption(o["shard-size"], "shard-size") ?? 1024;
  const progress = new ProgressBar(context.stderr, "cells", { quiet: o.quiet === true || o.json === true });
  let files = 0;
  let cells = 0;
  try {
    // Data files come first and manifest.csv last, so a folder with a manifest is a complete dataset.
    for (const file of datasetFiles(seed, config, { count, format, shardSize })) {
      if (context.signal.aborted) throw new CtcError("ABORTED", "interrupted; the manifest was not written");
      writeInto(outDir, file.path, file.bytes);
      files++;
      if (file.path !== "manifest.csv")
        cells = format === "tiff" ? cells + 1 : Math.min(count, cells + shardSize);
      progress.update(cells, count);
    }
  } finally {
    progress.done();
  }
  return {
    json: { out: outDir, seed, cells: count, format, files },
    text: `wrote ${count} cells (${format}, seed ${seed}) in ${files} files to ${outDir}, manifest.csv last`,
  };
}

function writeField(context: CommandContext, outDir: string, seed: number, config: SynthConfig): Written {
  const size = sizeOption(context.options.field, "field") as { width: number; height: number };
  const layout = fieldLayout(seed, config, size);
  const stack = renderFieldWindow(layout, config, { x: 0, y: 0, ...size });
  const image = `field-${seed}.tif`;
  const coco = fieldToCoco(layout, { fileName: image });
  const imagePath = writeInto(outDir, image, writeTiff(stack));
  const cocoPath = writeInto(outDir, `field-${seed}.coco.json`, `${JSON.stringify(coco)}\n`);
  const objects = coco.annotations.length;
  return {
    json: { out: outDir, seed, image: imagePath, annotations: cocoPath, objects, ...size },
    text: `wrote a ${size.width} x ${size.height} field with ${objects} objects (seed ${seed}):\n${imagePath}\n${cocoPath}`,
  };
}

/** `ctc synth`: write a simulated dataset or field with ground truth. */
export const synthCommand: Command = {
  name: "synth",
  summary:
    "write simulated single cells (NPZ shards or TIFFs + manifest.csv) or a whole field with COCO truth",
  usage: "--out DIR (--count N | --field WxH) [options]",
  options: {
    out: { type: "string", short: "o", value: "DIR", description: "output folder (created)" },
    count: { type: "string", short: "n", value: "N", description: "number of cells" },
    preset: {
      type: "string",
      value: "NAME",
      description: `simulator preset: ${Object.keys(PRESETS).join(" or ")}`,
      default: "paper-like",
    },
    format: {
      type: "string",
      value: "FORMAT",
      description: "npz (shards with x, y, mask) or tiff (one multi-page TIFF per cell)",
      default: "npz",
    },
    seed: {
      type: "string",
      value: "S",
      description: "simulation seed; the same seed gives the same bytes",
      default: "0",
    },
    size: { type: "string", value: "PX", description: "crop edge in pixels", default: "the preset's (64)" },
    prevalence: {
      type: "string",
      value: "P",
      description: "probability that a cell is a CTC",
      default: "the preset's",
    },
    "shard-size": { type: "string", value: "N", description: "cells per NPZ shard", default: "1024" },
    field: {
      type: "string",
      value: "WxH",
      description: "instead of crops, one field image field-<seed>.tif and its COCO field-<seed>.coco.json",
    },
    json: { type: "boolean", description: "print what was written as JSON" },
    quiet: { type: "boolean", short: "q", description: "no progress bar, no summary" },
  },
  examples: [
    "ctc synth --out sim --count 2000",
    "ctc synth --out sim-tiff --count 50 --format tiff --preset easy --seed 7",
    "ctc synth --out sim --count 10000 --prevalence 0.001 --size 48",
    "ctc synth --out field --field 2048x2048 --seed 3",
  ],
  async run(context) {
    const o = context.options;
    if (typeof o.out !== "string") throw new UsageError("--out DIR is required");
    const preset = (o.preset as string | undefined) ?? "paper-like";
    if (!Object.hasOwn(PRESETS, preset))
      throw new UsageError(`--preset must be ${Object.keys(PRESETS).join(" or ")}, got "${preset}"`);
    if (o.field !== undefined && o.count !== undefined)
      throw new UsageError("give --count or --field, not both");
    sizeOption(o.field, "field");
    const seed = seedOption(o.seed, "seed") ?? 0;
    const config = resolveConfig({
      preset: preset as PresetName,
      cropSize: positiveIntegerOption(o.size, "size"),
      prevalence: probabilityOption(o.prevalence, "prevalence"),
    });
    const outDir = resolve(context.cwd, o.out);
    mkdirSync(outDir, { recursive: true });
    const written =
      o.field === undefined
        ? writeDataset(context, outDir, seed, config)
        : writeField(context, outDir, seed, config);
    if (o.json === true) context.stdout.write(`${JSON.stringify(written.json, null, 2)}\n`);
    else if (o.quiet !== true) context.stdout.write(`${written.text}\n`);
    return EXIT.ok;
  },
};
