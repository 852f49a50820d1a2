import { mkdirSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { type ClassifiedCell, describeCells } from "../../detect/cells";
import { toCocoResults } from "../../detect/coco";
import { detectField, stackSource } from "../../detect/tiles";
import { readImageFile } from "../../node/files";
import { createNodeClassifier } from "../../node/runtime";
import { renderReport } from "../../report/render-report";
import { makeThumbnail } from "../../report/thumbnail";
import type { ReportCell } from "../../report/types";
import { writeFileAtomic } from "../atomic-write";
import type { Command } from "../command";
import { formatCsv } from "../csv";
import { EXIT, UsageError } from "../exit-codes";
import { expandInputs } from "../inputs";
import {
  listOption,
  positiveIntegerOption,
  positiveNumberOption,
  probabilityOption,
  ttaOption,
} from "../option-values";
import { ProgressBar } from "../progress";
import { reportModel } from "../report-model";
import { INFERENCE_OPTIONS, REPORT_OPTIONS } from "./classify";
import { defaultModelPath } from "./defaults";

/** One detected and classified cell with the field it came from. */
interface Detection {
  readonly imageId: number;
  readonly source: string;
  readonly index: number;
  readonly cell: ClassifiedCell;
}

/** `ctc detect`: find cells in whole field images and classify them. */
export const detectCommand: Command = {
  name: "detect",
  summary: "find nuclei in whole field images, classify a crop around each, write CSV, COCO and a report",
  usage: "<field images...> [options]",
  options: {
    ...INFERENCE_OPTIONS,
    out: {
      type: "string",
      short: "o",
      value: "DIR",
      description: "output folder",
      default: "ctc-detections",
    },
    "pixel-size": {
      type: "string",
      value: "UM",
      description: "pixel edge in micrometres",
      default: "the TIFF's resolution tags",
    },
    channels: { type: "string", value: "NAMES", description: "channel names for images without them" },
    "nucleus-channel": {
      type: "string",
      value: "NAME",
      description: "nuclear stain channel",
      default: "DAPI",
    },
    "crop-size": { type: "string", value: "PX", description: "crop edge around each nucleus", default: "64" },
    "tile-size": {
      type: "string",
      value: "PX",
      description: "detection tile edge (bounds memory)",
      default: "2048",
    },
    ...REPORT_OPTIONS,
  },
  examples: [
    "ctc detect field-3.tif",
    "ctc detect scans/*.tif --pixel-size 0.64 --report report.html -o detections",
    "ctc detect field.npy --channels BF,DAPI,CK,CD45 --nucleus-channel DAPI --model my-model.zip",
  ],
  async run(context) {
    const o = context.options;
    if (context.positionals.length === 0) throw new UsageError("give at least one field image");
    const pixelSizeUm = positiveNumberOption(o["pixel-size"], "pixel-size");
    const cropSize = positiveIntegerOption(o["crop-size"], "crop-size") ?? 64;
    const tileSize = positiveIntegerOption(o["tile-size"], "tile-size");
    const thumbnailSize = positiveIntegerOption(o["thumbnail-size"], "thumbnail-size") ?? 40;
    const nucleusChannel = (o["nucleus-channel"] as string | undefined) ?? "DAPI";
    const channels = listOption(o.channels);
    const outDir = resolve(context.cwd, (o.out as string | undefined) ?? "ctc-detections");
    const paths = expandInputs(context.positionals, context.cwd);
    const models = ((o.model as string[] | undefined) ?? [defaultModelPath()]).map((m) =>
      resolve(context.cwd, m),
    );
    const classifier = await createNodeClassifier(models, {
      batchSize: positiveIntegerOption(o.batch, "batch"),
      threads: positiveIntegerOption(o.threads, "threads"),
      tta: ttaOption(o.tta),
      threshold: probabilityOption(o.threshold, "threshold"),
    });
    const started = Date.now();
    const progress = new ProgressBar(context.stderr, "fields", {
      quiet: o.quiet === true || o.json === true,
    });
    const detections: Detection[] = [];
    try {
      for (const [k, path] of paths.entries()) {
        const source = relative(context.cwd, path) || basename(path);
        const field = await readImageFile(path, { channels });
        const candidates = detectField(stackSource(field), { nucleusChannel, pixelSizeUm, tileSize });
        const cells = describeCells(field, candidates, { cropSize, pixelSizeUm });
        // Classified in detection order (not ranked), so a cell's index is its position in the field.
        const predictions = await classifier.classify(
          cells.map((c) => c.crop),
          { signal: context.signal },
        );
        for (const [index, cell] of cells.entries()) {
          detections.push({
            imageId: k + 1,
            source,
            index,
            cell: { ...cell, prediction: predictions[index] },
          });
        }
        progress.update(k + 1, paths.length);
      }
    } finally {
      progress.done();
      await classifier.release();
    }
    const seconds = (Date.now() - started) / 1000;
    const fieldsText = `${paths.length} field${paths.length === 1 ? "" : "s"}`;
    mkdirSync(outDir, { recursive: true });
    const classes = classifier.classes;
    const csvPath = join(outDir, "detections.csv");
    writeFileAtomic(
      csvPath,
      formatCsv(
        [
          "image_id",
          "id",
          "source",
          "index",
          "x",
          "y",
          "bbox_x",
          "bbox_y",
          "bbox_width",
          "bbox_height",
          "area_um2",
          "diameter_um",
          "eccentricity",
          "crop_padded",
          "label",
          "positive_probability",
          ...classes.map((c) => `p_${c}`),
        ],
        detections.map(({ imageId, source, index, cell }) => [
          imageId,
          `${source}#${index}`,
          source,
          index,
          cell.x,
          cell.y,
          ...cell.bbox,
          cell.areaUm2,
          cell.diameterUm,
          cell.eccentricity,
          cell.cropPadded ? 1 : 0,
          cell.prediction.label,
          cell.prediction.positiveProbability,
          ...cell.prediction.probabilities,
        ]),
      ),
    );
    // COCO category ids follow the model's class order from 1; image ids the order of the fields given.
    const categoryIds = Object.fromEntries(classes.map((c, i) => [c, i + 1]));
    const cocoPath = join(outDir, "detections.coco.json");
    writeFileAtomic(
      cocoPath,
      `${JSON.stringify(
        paths.flatMap((_, k) =>
          toCocoResults(
            k + 1,
            detections.filter((d) => d.imageId === k + 1).map((d) => d.cell),
            { categoryIds },
          ),
        ),
      )}\n`,
    );
    const outputs = [csvPath, cocoPath];
    if (typeof o.report === "string") {
      const reportPath = resolve(outDir, o.report);
      const cells: ReportCell[] = detections.map(({ source, index, cell }) => ({
        id: `${source}#${index}`,
        source,
        index,
        positiveProbability: cell.prediction.positiveProbability,
        probabilities: cell.prediction.probabilities,
        thumbnail: makeThumbnail(cell.crop, { size: thumbnailSize }),
      }));
      writeFileAtomic(
        reportPath,
        renderReport({
          title: `CTC detections: ${detections.length} cells in ${fieldsText}`,
          runId: `detect-${detections.length}-${Date.now().toString(36)}`,
          createdAt: new Date().toISOString(),
          model: reportModel(classifier),
          threshold: classifier.threshold,
          settings: {
            fields: paths.length,
            models: models.join(", "),
            "nucleus channel": nucleusChannel,
            "crop size": cropSize,
            "pixel size (um)": pixelSizeUm ?? "from the images",
          },
          timings: { "detection and classification": seconds },
          cells,
        }),
      );
      outputs.push(reportPath);
    }
    const positives = detections.filter(
      (d) => d.cell.prediction.positiveProbability >= classifier.threshold,
    ).length;
    const summary = {
      fields: paths.length,
      cells: detections.length,
      positives,
      threshold: classifier.threshold,
      outputs,
      seconds,
    };
    if (o.json === true) context.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else if (o.quiet !== true) {
      context.stdout.write(
        `${detections.length} cells in ${fieldsText}, ${positives} called ${classifier.positiveClass} ` +
          `at threshold ${classifier.threshold} (${seconds.toFixed(1)} s)\n${outputs.map((p) => `wrote ${p}`).join("\n")}\n`,
      );
    }
    return EXIT.ok;
  },
};
