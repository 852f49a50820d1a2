/**
 * Detection throughput on synthetic uint16 fields (4 channels, 0.64 um per pixel, cells on a jittered
 * grid with noise and a tilted background): field megapixels per second for `detectField` (all three
 * passes: range, histogram, segmentation), and for `describeCells` (crops + features).
 *
 *     node --import tsx bench/detect/run.ts [edge ...]
 *
 * Default edges: 2048 and 4096 pixels. Prints a Markdown table for bench/detect/RESULTS.md.
 */
import { createStack } from "../../src/core/index";
import { describeCells } from "../../src/detect/cells";
import { detectField, stackSource } from "../../src/detect/tiles";

function field(edge: number, seed: number) {
  let s = seed >>> 0;
  const rand = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const plane = edge * edge;
  const data = new Uint16Array(4 * plane);
  for (let i = 0; i < plane; i++) {
    const y = Math.floor(i / edge);
    const x = i - y * edge;
    data[i] = 1000 + Math.floor(40 * rand());
    data[plane + i] = 200 + 0.02 * (x + y) + Math.floor(30 * rand());
    data[2 * plane + i] = 100 + Math.floor(30 * rand());
    data[3 * plane + i] = 100 + Math.floor(30 * rand());
  }
  // One cell per 60 x 60 pixels (about 280 cells per megapixel): dense for DEPArray-like fields.
  let cells = 0;
  for (let cy = 30; cy < edge - 20; cy += 60) {
    for (let cx = 30; cx < edge - 20; cx += 60) {
      const r = 5 + 8 * rand();
      const x0 = cx + (rand() - 0.5) * 20;
      const y0 = cy + (rand() - 0.5) * 20;
      const ctc = rand() < 0.2;
      const dapi = 300 + 900 * rand();
      for (let y = Math.floor(y0 - 1.5 * r); y <= y0 + 1.5 * r; y++) {
        for (let x = Math.floor(x0 - 1.5 * r); x <= x0 + 1.5 * r; x++) {
          const d2 = (x - x0) ** 2 + (y - y0) ** 2;
          const i = y * edge + x;
          if (d2 <= r * r) data[plane + i] += dapi;
          if (d2 <= 2.25 * r * r) data[(ctc ? 2 : 3) * plane + i] += 800;
        }
      }
      cells++;
    }
  }
  return {
    stack: createStack(data, {
      channels: ["BF", "DAPI", "CK", "CD45"],
      height: edge,
      width: edge,
      pixelSizeUm: 0.64,
    }),
    cells,
  };
}

const edges = process.argv.slice(2).map(Number);
const rows: string[] = [];
for (const edge of edges.length > 0 ? edges : [2048, 4096]) {
  const { stack, cells } = field(edge, 12345);
  const mp = (edge * edge) / 1e6;
  const source = stackSource(stack);
  detectField(source, { tileSize: 2048 }); // warm-up (JIT)
  const runs = 3;
  let detectMs = Number.POSITIVE_INFINITY;
  let found = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    found = detectField(source, { tileSize: 2048 }).length;
    detectMs = Math.min(detectMs, performance.now() - t0);
  }
  const candidates = detectField(source, { tileSize: 2048 });
  const t1 = performance.now();
  describeCells(source, candidates, { cropSize: 64 });
  const describeMs = performance.now() - t1;
  const heap = process.memoryUsage().rss / 2 ** 20;
  rows.push(
    `| ${edge} x ${edge} x 4 | ${mp.toFixed(1)} | ${cells} | ${found} | ${(detectMs / 1000).toFixed(2)} | ${(mp / (detectMs / 1000)).toFixed(2)} | ${((found / describeMs) * 1000).toFixed(0)} | ${heap.toFixed(0)} |`,
  );
  console.error(rows.at(-1));
}
console.log(
  "| field | MP | cells drawn | candidates | detectField s (best of 3) | MP/s | describeCells cells/s | RSS MiB |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const row of rows) console.log(row);
