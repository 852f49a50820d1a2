import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createNodeClassifier } from "../../node/runtime";
import { resolveConfig } from "../../synth/config";
import { generateCells } from "../../synth/dataset";
import type { Command } from "../command";
import { EXIT } from "../exit-codes";
import { positiveIntegerListOption, positiveIntegerOption, ttaOption } from "../option-values";
import { defaultModelPath } from "./defaults";

/** One measured setting. */
interface BenchRow {
  readonly batch: number;
  readonly threads: number | "default";
  readonly cells: number;
  readonly seconds: number;
  readonly cellsPerSecond: number;
}

/** `ctc bench`: end-to-end classification throughput on simulated cells. */
export const benchCommand: Command = {
  name: "bench",
  summary: "measure classification throughput (cells/s, preprocessing included) on simulated cells",
  usage: "[options]",
  options: {
    model: {
      type: "string",
      short: "m",
      value: "BUNDLE",
      description: "model bundle",
      default: "the bundled default model",
    },
    cells: {
      type: "string",
      short: "n",
      value: "N",
      description: "simulated cells per measurement",
      default: "512",
    },
    batch: { type: "string", value: "N[,N...]", description: "batch sizes to compare", default: "16" },
    threads: {
      type: "string",
      value: "N[,N...]",
      description: "ONNX Runtime intra-op threads to compare",
      default: "ONNX Runtime's",
    },
    tta: { type: "string", value: "VIEWS", description: "test-time augmentation: none, flips, all or 0,4,6" },
    json: { type: "boolean", description: "print the measurements as JSON" },
  },
  examples: [
    "ctc bench",
    "ctc bench --cells 2000 --batch 1,16,64 --threads 1,2,4",
    "ctc bench --tta flips --json",
  ],
  async run({ options: o, stdout, cwd, signal }) {
    const count = positiveIntegerOption(o.cells, "cells") ?? 512;
    const batches = positiveIntegerListOption(o.batch, "batch") ?? [16];
    const threadList: (number | undefined)[] = positiveIntegerListOption(o.threads, "threads") ?? [undefined];
    const tta = ttaOption(o.tta);
    const model = typeof o.model === "string" ? resolve(cwd, o.model) : defaultModelPath();
    // Simulated once, outside the timing: the figure is the classifier's, from raw pixels to probabilities.
    const cells = [...generateCells(1, resolveConfig(), { count })].map((c) => c.stack);
    const rows: BenchRow[] = [];
    for (const threads of threadList) {
      for (const batch of batches) {
        const classifier = await createNodeClassifier(model, { batchSize: batch, threads, tta });
        try {
          // One warm-up batch so session start-up and first-run allocations stay out of the figure.
          await classifier.classify(cells.slice(0, batch), { signal });
          const started = performance.now();
          await classifier.classify(cells, { signal });
          const seconds = (performance.now() - started) / 1000;
          rows.push({
            batch,
            threads: threads ?? "default",
            cells: count,
            seconds,
            cellsPerSecond: count / seconds,
          });
        } finally {
          await classifier.release();
        }
      }
    }
    if (o.json === true) {
      stdout.write(`${JSON.stringify({ model, tta: tta ?? "model default", rows }, null, 2)}\n`);
      return EXIT.ok;
    }
    const table = [
      ["batch", "threads", "cells", "seconds", "cells/s"],
      ...rows.map((r) => [
        String(r.batch),
        String(r.threads),
        String(r.cells),
        r.seconds.toFixed(2),
        r.cellsPerSecond.toFixed(0),
      ]),
    ];
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
    stdout.write(`${table.map((row) => row.map((v, i) => v.padStart(widths[i])).join("  ")).join("\n")}\n`);
    return EXIT.ok;
  },
};
