/**
 * Cells per second of the example app in headless Chromium (wasm, 1 and 2 threads) beside the Node
 * adapter (onnxruntime-node, 1 and 2 threads; onnxruntime-web in Node, 1 thread) on the same machine, the
 * same model and the same cells. Writes bench/browser/RESULTS.md.
 *
 *   node --import tsx bench/browser/run.ts [--cells 256] [--repeats 5]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import * as ortWeb from "onnxruntime-web";
import { readCells } from "../../examples/browser/src/cells";
import {
  type ChannelStack,
  createClassifier,
  type OrtRuntime,
  readBundle,
  selectChannels,
  stackToArray,
  writeNpz,
} from "../../src/index";
import { createNodeClassifier } from "../../src/node/index";
import {
  buildAndServe,
  classifyFiles,
  defaultModelPath,
  openApp,
  ROOT,
  sampleFiles,
} from "../../test/browser/app";
import { hasChromium, launchChromium } from "../../test/helpers/chromium";

const { values } = parseArgs({
  options: { cells: { type: "string", default: "256" }, repeats: { type: "string", default: "5" } },
});
const COUNT = Number(values.cells);
const REPEATS = Number(values.repeats);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const model = defaultModelPath();
if (model === undefined || !hasChromium) throw new Error("needs models/*.zip and Chromium");
const bundle = await readBundle(new Uint8Array(readFileSync(model)), { file: model });
const channels = bundle.card.input.channels;

// The sample cells, repeated to COUNT, in one NPZ (one array per cell, the model's channels in its order,
// as NPZ carries no names) that the page reads like a user's file.
const samples = sampleFiles().flatMap((f) =>
  readCells(basename(f), new Uint8Array(readFileSync(f)), channels),
);
const cells: ChannelStack[] = Array.from({ length: COUNT }, (_, i) =>
  selectChannels(samples[i % samples.length].stack, channels),
);
const work = mkdtempSync(join(tmpdir(), "ctc-bench-browser-"));
const npz = join(work, "cells.npz");
writeFileSync(npz, writeNpz(Object.fromEntries(cells.map((c, i) => [`cell${i}`, stackToArray(c)]))));

/** One configuration: a warmed-up way to classify all the cells, returning milliseconds. */
interface Runner {
  readonly runtime: string;
  readonly threads: number;
  run(): Promise<number>;
  close(): Promise<void>;
}

async function nodeRunner(
  runtime: string,
  threads: number,
  make: () => Promise<{ classify(c: ChannelStack[]): Promise<unknown>; release(): Promise<void> }>,
): Promise<Runner> {
  const classifier = await make();
  await classifier.classify(cells.slice(0, 16)); // warm-up
  return {
    runtime,
    threads,
    async run() {
      const start = performance.now();
      await classifier.classify(cells);
      return performance.now() - start;
    },
    close: () => classifier.release(),
  };
}

const runners: Runner[] = [];
for (const threads of [1, 2]) {
  runners.push(
    await nodeRunner("onnxruntime-node (Node)", threads, () =>
      createNodeClassifier(bundle, { threads, batchSize: 16 }),
    ),
  );
}
// onnxruntime-web reads its thread count once, when its first session starts: one setting per process.
(ortWeb.env.wasm as { numThreads: number }).numThreads = 1;
runners.push(
  await nodeRunner("onnxruntime-web wasm (Node)", 1, () =>
    createClassifier(ortWeb as unknown as OrtRuntime, bundle, { batchSize: 16 }),
  ),
);

const server = await buildAndServe(join(work, "app"));
const browser = await launchChromium();
const version = browser.version();
for (const threads of [1, 2]) {
  const { page, problems } = await openApp(browser, server.url, {
    backend: "wasm",
    threads: String(threads),
    thumbnails: "0",
  });
  await classifyFiles(page, [npz]); // warm-up
  runners.push({
    runtime: `onnxruntime-web wasm (Chromium ${version}, worker)`,
    threads,
    async run() {
      const result = await classifyFiles(page, [npz]);
      if (result.cells.length !== COUNT || problems.length > 0) {
        throw new Error(`page: ${result.status} ${result.skipped.join("; ")} ${problems.join("; ")}`);
      }
      return result.milliseconds;
    },
    close: () => page.close(),
  });
}

// Repeats are interleaved across configurations, so a burst of load elsewhere on the machine does not
// fall on one configuration only.
const times = runners.map(() => [] as number[]);
const load = [loadavg()[0]];
for (let r = 0; r < REPEATS; r++) {
  for (const [i, runner] of runners.entries()) times[i].push(await runner.run());
  load.push(loadavg()[0]);
}
for (const runner of runners) await runner.close();
await browser.close();
await server.close();
rmSync(work, { recursive: true, force: true });

const rows = runners.map((runner, i) => ({
  runtime: runner.runtime,
  threads: runner.threads,
  cellsPerSecond: COUNT / (median(times[i]) / 1000),
  spread: times[i].map((t) => COUNT / (t / 1000)),
}));

const { input } = bundle.card;
const pkg = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
const lines = [
  "# Browser benchmark",
  "",
  `Written by \`node --import tsx bench/browser/run.ts --cells ${COUNT} --repeats ${REPEATS}\` on ${new Date().toISOString().slice(0, 10)}.`,
  "",
  `Model: \`${basename(model)}\` (${bundle.card.name} ${bundle.card.version}, ${input.channels.length} x ${input.height} x ${input.width} input), ` +
    `batch 16, no TTA beyond the card's (\`tta.views\` ${JSON.stringify(bundle.card.tta.views)}). ` +
    `Cells: the ${samples.length} sample cells repeated to ${COUNT}; preprocessing included, file reading and thumbnails not. ` +
    `Median of ${REPEATS} runs after a warm-up, the configurations taking turns.`,
  "",
  `Machine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores; Node ${process.version}; onnxruntime-node ${pkg("onnxruntime-node")}, onnxruntime-web ${pkg("onnxruntime-web")}.`,
  "In Chromium the app runs inference in a Web Worker, cross-origin isolated (wasm threads), under its strict CSP.",
  "",
  `Load average (1 min) during the runs: ${load.map((l) => l.toFixed(1)).join(", ")}.`,
  "",
  "| runtime | threads | cells/s (median) | each run |",
  "| --- | ---: | ---: | --- |",
  ...rows.map(
    (r) =>
      `| ${r.runtime} | ${r.threads} | ${r.cellsPerSecond.toFixed(1)} | ${r.spread.map((x) => x.toFixed(0)).join(", ")} |`,
  ),
  "",
  "Timings on a shared 2-core machine are noisy: compare ratios within one table, not absolute numbers",
  "across runs. A load average near or above the core count means other work competed for the CPU, and",
  "then a second thread cannot help.",
  "",
];
writeFileSync(join(ROOT, "bench", "browser", "RESULTS.md"), lines.join("\n"));
console.log(lines.join("\n"));
