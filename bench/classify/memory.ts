/**
 * Memory of streaming classification: stream 1,000 and then 100,000 generated cells through a classifier
 * and record the heap and resident set size, to show that memory stays flat (only one batch is held).
 *
 *     node --expose-gc --import tsx bench/classify/memory.ts
 *
 * Writes bench/classify/MEMORY.md. Uses the small fixture model (test/fixtures/classify/small-resnet.onnx, 3 x 32 x 32) so 100,000 cells
 * finish in under a minute; the streaming code path does not depend on the model.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { bundleFromParts } from "../../src/classify/bundle";
import { createClassifier } from "../../src/classify/classifier";
import type { OrtRuntime } from "../../src/classify/runtime";
import { type ChannelStack, createStack } from "../../src/core/stack";

const FIXTURES = join(import.meta.dirname, "..", "..", "test", "fixtures", "classify");
const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

async function* cells(count: number): AsyncGenerator<ChannelStack<Uint16Array>> {
  let seed = 1;
  for (let i = 0; i < count; i++) {
    const data = new Uint16Array(4 * 36 * 36);
    for (let j = 0; j < data.length; j++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      data[j] = seed >>> 20;
    }
    yield createStack(data, { channels: ["CD45", "CK", "BF", "DAPI"], height: 36, width: 36 });
  }
}

async function measure(count: number) {
  const bundle = await bundleFromParts(
    new Uint8Array(readFileSync(join(FIXTURES, "small-resnet.onnx"))),
    JSON.parse(readFileSync(join(FIXTURES, "small-resnet.json"), "utf8")),
  );
  const classifier = await createClassifier(ort as unknown as OrtRuntime, bundle, {
    batchSize: 64,
    threads: 1,
  });
  gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  let positives = 0;
  const t0 = performance.now();
  for await (const p of classifier.stream(cells(count))) {
    if (p.label === "ctc") positives++;
    if (p.index % 1000 === 999) {
      const now = process.memoryUsage();
      peakHeap = Math.max(peakHeap, now.heapUsed);
      peakRss = Math.max(peakRss, now.rss);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  gc?.();
  const after = process.memoryUsage();
  await classifier.release();
  return { count, seconds, positives, before, after, peakHeap, peakRss };
}

const rows = [];
for (const count of [1_000, 100_000]) rows.push(await measure(count));
const lines = [
  "| cells | seconds | heap before MB | peak heap MB | heap after GC MB | RSS before MB | peak RSS MB |",
  "| --- | --- | --- | --- | --- | --- | --- |",
  ...rows.map(
    (r) =>
      `| ${r.count} | ${r.seconds.toFixed(1)} | ${(r.before.heapUsed / MB).toFixed(1)} | ${(r.peakHeap / MB).toFixed(1)} | ${(r.after.heapUsed / MB).toFixed(1)} | ${(r.before.rss / MB).toFixed(0)} | ${(r.peakRss / MB).toFixed(0)} |`,
  ),
];
console.log(lines.join("\n"));
writeFileSync(
  join(import.meta.dirname, "MEMORY.md"),
  `# Streaming memory\n\nCommand: \`node --expose-gc --import tsx bench/classify/memory.ts\` (gc exposed: ${gc !== undefined}). ` +
    "Cells (4 x 36 x 36 uint16, generated on the fly) streamed through `classifier.stream` (small-resnet fixture, " +
    "batch 64); heap sampled every 1,000 cells.\n\n" +
    `${lines.join("\n")}\n`,
);
