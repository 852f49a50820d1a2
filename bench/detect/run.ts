/**
 * Detection throughput on simulated paper-like fields (4 channels, uint16, 0.64 um per pixel, about 210
 * objects per megapixel): field megapixels per second for `detectField` with default settings (all three
 * passes: range, histogram, segmentation), and cells per second end to end (detection, crops and
 * features with `describeCells`, classification with the bundled default model on onnxruntime-node).
 * Rendering the field is not timed.
 *
 *     node --import tsx bench/detect/run.ts [edge ...]
 *
 * Default edges: 2048 and 4096 pixels. Prints a Markdown table for bench/detect/RESULTS.md.
 */
import { classifyCells, describeCells } from "../../src/detect/cells";
import { detectField, stackSource } from "../../src/detect/tiles";
import { createNodeClassifier } from "../../src/node/index";
import { fieldLayout, renderFieldWindow, resolveConfig } from "../../src/synth/index";

const config = resolveConfig({ preset: "paper-like" });
const classifier = await createNodeClassifier(
  new URL("../../models/default.ctcmodel.zip", import.meta.url).pathname,
  {
    threads: 2,
    batchSize: 64,
  },
);
const edges = process.argv.slice(2).map(Number);
const rows: string[] = [];
for (const edge of edges.length > 0 ? edges : [2048, 4096]) {
  const layout = fieldLayout(12345, config, { width: edge, height: edge });
  const source = stackSource(renderFieldWindow(layout, config, { x: 0, y: 0, width: edge, height: edge }));
  const mp = (edge * edge) / 1e6;
  detectField(source); // warm-up (JIT)
  let detectMs = Number.POSITIVE_INFINITY;
  let candidates = detectField(source);
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    candidates = detectField(source);
    detectMs = Math.min(detectMs, performance.now() - t0);
  }
  const t1 = performance.now();
  const cells = describeCells(source, candidates);
  const t2 = performance.now();
  await classifyCells(cells, classifier);
  const t3 = performance.now();
  const endToEnd = detectMs + (t3 - t1);
  const rss = process.memoryUsage().rss / 2 ** 20;
  rows.push(
    `| ${edge} x ${edge} x 4 | ${mp.toFixed(1)} | ${layout.cells.length} | ${candidates.length} | ${(detectMs / 1000).toFixed(2)} | ${(mp / (detectMs / 1000)).toFixed(2)} | ${((candidates.length / (t2 - t1)) * 1000).toFixed(0)} | ${((candidates.length / (t3 - t2)) * 1000).toFixed(0)} | ${((candidates.length / endToEnd) * 1000).toFixed(0)} | ${rss.toFixed(0)} |`,
  );
  console.error(rows.at(-1));
}
console.log(
  "| field | MP | objects | candidates | detectField s (best of 3) | MP/s | describeCells cells/s | classify cells/s | end to end cells/s | RSS MiB |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const row of rows) console.log(row);
