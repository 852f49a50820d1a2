/**
 * Memory cost of the convolution rewrites: the resident set size of a fresh process after it loads the
 * benchmark ResNet-18 into a classifier and classifies three batches of 16 cells, with the graph as
 * exported, with the dense small-map rewrite only, and with both rewrites (the default for batches).
 *
 *     node --import tsx bench/classify/rewrite-memory.ts
 *
 * Each variant runs in its own process, so one's freed memory does not count for another. Writes
 * bench/classify/REWRITE-MEMORY.md (model: bench/classify/out/resnet18.onnx, from make_models.py).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { createClassifier } from "../../src/classify/classifier";
import type { OrtRuntime } from "../../src/classify/runtime";
import { benchBundle, cellsOf, ensureModel } from "./bench-model";

const HERE = import.meta.dirname;
const MB = 1024 * 1024;
const VARIANTS = {
  "as exported": { denseSmallConvolutions: false, winogradConvolutions: false },
  "dense only": { denseSmallConvolutions: true, winogradConvolutions: false },
  "dense + Winograd (default)": {},
} as const;
type Variant = keyof typeof VARIANTS;

async function child(size: number, variant: Variant): Promise<void> {
  const before = process.memoryUsage().rss;
  const bundle = await benchBundle(size);
  const classifier = await createClassifier(ort as unknown as OrtRuntime, bundle, {
    batchSize: 16,
    threads: 1,
    ...VARIANTS[variant],
  });
  const loaded = process.memoryUsage().rss;
  const cells = cellsOf(48, size);
  await classifier.classify(cells);
  const ran = process.memoryUsage().rss;
  await classifier.release();
  console.log(JSON.stringify({ loaded: (loaded - before) / MB, ran: (ran - before) / MB }));
}

function main(): void {
  ensureModel();
  const rows = [
    "| size | graph | RSS after loading, MB | RSS after 3 batches of 16, MB |",
    "| --- | --- | --- | --- |",
  ];
  for (const size of [64, 96]) {
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const out = execFileSync(
        process.execPath,
        ["--import", "tsx", import.meta.filename, String(size), variant],
        {
          encoding: "utf8",
        },
      );
      const { loaded, ran } = JSON.parse(out.trim().split("\n").at(-1)!);
      rows.push(`| ${size} | ${variant} | ${loaded.toFixed(0)} | ${ran.toFixed(0)} |`);
      console.log(rows.at(-1));
    }
  }
  writeFileSync(
    join(HERE, "REWRITE-MEMORY.md"),
    `# Memory of the convolution rewrites

Command: \`node --import tsx bench/classify/rewrite-memory.ts\`. ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.

Growth of the resident set of a fresh process while it loads ResNet-18 (4 channels, 45 MB of weights)
into a classifier (batch 16, one thread, onnxruntime-node) and classifies 48 cells. The rewrites happen
when the session loads: ONNX Runtime folds the rewritten weights into constants (the dense matrices
hold C*h*w*O*ho*wo floats each, the Winograd weights (m + 2)^2 / 9 times their kernels) and packs them
for its matrix kernels; glibc keeps much of the memory freed while folding for reuse, which the
resident set counts.

${rows.join("\n")}
`,
  );
}

const [size, variant] = process.argv.slice(2);
if (size === undefined) main();
else await child(Number(size), variant as Variant);
