/**
 * Preprocessing end to end: generated uint16 cells -> dataset statistics -> a JSON spec -> one batch.
 *
 *   node --import tsx examples/preprocess/run.ts
 */
import { createStack } from "../../src/core/stack";
import {
  accumulateStatistics,
  createPreprocessor,
  createStatisticsAccumulator,
  finalizeStatistics,
  mergeStatistics,
  type PreprocessSpec,
  preprocessBatch,
  validatePreprocessSpec,
} from "../../src/preprocess";

const CHANNELS = ["BF", "DAPI", "CK", "CD45"];
const SIZE = 96;

/** A seeded generator, so every run prints the same numbers. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** A 4 x 96 x 96 uint16 cell: camera background plus one bright disc per channel. */
function makeCell(random: () => number) {
  const data = new Uint16Array(CHANNELS.length * SIZE * SIZE);
  const radius = 10 + 12 * random();
  CHANNELS.forEach((_, c) => {
    const brightness = c === 0 ? 800 : 6000 * random();
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const inside = (y - 48) ** 2 + (x - 48) ** 2 < radius ** 2;
        data[(c * SIZE + y) * SIZE + x] = 300 + Math.floor(60 * random()) + (inside ? brightness : 0);
      }
    }
  });
  return createStack(data, { channels: CHANNELS, height: SIZE, width: SIZE, pixelSizeUm: 0.64 });
}

const random = seeded(42);
const cells = Array.from({ length: 32 }, () => makeCell(random));

// 1. Dataset statistics in one streaming pass; two halves stand in for two workers.
const halves = [cells.slice(0, 16), cells.slice(16)].map((part) => {
  const acc = createStatisticsAccumulator();
  for (const cell of part) accumulateStatistics(acc, cell);
  return acc;
});
const statistics = finalizeStatistics(mergeStatistics(halves[0], halves[1]), { percentiles: [1, 99.8] });

// 2. The spec that travels with a model: model channel order, dataset-level scaling, 64 x 64.
const spec: PreprocessSpec = validatePreprocessSpec(
  JSON.parse(
    JSON.stringify({
      version: 1,
      channels: ["DAPI", "CK", "CD45"],
      steps: [
        { op: "scale_range", mode: "per_dataset", min_percentile: 1, max_percentile: 99.8 },
        { op: "clip", min: -1, max: 2 },
        { op: "resize", height: 64, width: 64, mode: "area" },
      ],
      statistics,
    }),
  ),
);

// 3. Preprocess straight into one reusable batch buffer.
const pre = createPreprocessor(spec);
const batch = preprocessBatch(cells, pre, { out: new Float32Array(cells.length * 3 * 64 * 64) });

console.log(`cells: ${cells.length} x [${CHANNELS.join(", ")}] x ${SIZE} x ${SIZE} uint16`);
for (const name of spec.channels) {
  const s = statistics.channels[name];
  console.log(
    `  ${name.padEnd(5)} mean ${s.mean.toFixed(1).padStart(7)}  std ${s.std.toFixed(1).padStart(7)}  ` +
      `p1 ${s.percentiles["1"]}  p99.8 ${s.percentiles["99.8"]}`,
  );
}
const [n, c, h, w] = batch.shape;
let min = Number.POSITIVE_INFINITY;
let max = Number.NEGATIVE_INFINITY;
for (const v of batch.data) {
  min = Math.min(min, v);
  max = Math.max(max, v);
}
console.log(
  `batch: ${n} x ${c} x ${h} x ${w} float32 [${batch.channels.join(", ")}], values in [${min.toFixed(3)}, ${max.toFixed(3)}]`,
);
