/**
 * Throughput of preprocessing against NumPy on the same cells, in the same run.
 *
 *   node --import tsx bench/preprocess/run.ts [cells=512] [rounds=7] [passes=2]
 *
 * Cells are 4 x 96 x 96 uint16 (background noise plus a bright blob, seeded). Workloads: percentile
 * scaling (1 to 99.8) with dataset-level and with per-image percentiles, each followed by a resize to
 * 64 x 64 (bilinear and area); and dataset statistics in one pass. The cells are written to a temporary
 * file that bench/preprocess/reference.py (Debian's /usr/bin/python3, NumPy) reads, so both sides see
 * identical data. The two sides alternate for a few passes. The machine is shared, so compare the
 * ratios, not the absolute rates; CPU time (which does not count waiting for a core) is the steadier
 * measure, and the best round the least disturbed one.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { type ChannelStack, createStack } from "../../src/core/stack";
import { createPreprocessor, preprocessBatch } from "../../src/preprocess";
import type { PreprocessSpec, ResizeMode } from "../../src/preprocess/spec";
import {
  accumulateStatistics,
  createStatisticsAccumulator,
  finalizeStatistics,
} from "../../src/preprocess/statistics";

const [C, H, W, OUT, BATCH] = [4, 96, 96, 64, 64];
const CHANNELS = ["BF", "DAPI", "CK", "CD45"];
const QS = [1, 99.8];
const cellCount = Number(process.argv[2] ?? 512);
const rounds = Number(process.argv[3] ?? 7);
const passes = Number(process.argv[4] ?? 2);

/** mulberry32: a seeded generator, so every run benchmarks the same cells. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeCells(count: number): { cells: ChannelStack<Uint16Array>[]; raw: Uint16Array } {
  const random = seeded(2025);
  const raw = new Uint16Array(count * C * H * W);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  for (let n = 0; n < count; n++) {
    for (let c = 0; c < C; c++) {
      const cy = H * (0.3 + 0.4 * random());
      const cx = W * (0.3 + 0.4 * random());
      const r = H * (0.1 + 0.15 * random());
      const peak = 20000 * random();
      const base = (n * C + c) * H * W;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const blob = peak * Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * r * r));
          raw[base + y * W + x] = Math.min(65535, Math.max(0, Math.round(300 + 40 * normal() + blob)));
        }
      }
    }
  }
  const size = C * H * W;
  const cells = Array.from({ length: count }, (_, n) =>
    createStack(raw.subarray(n * size, (n + 1) * size), { channels: CHANNELS, height: H, width: W }),
  );
  return { cells, raw };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Seconds of every timed round, by wall clock and by CPU (user + system, all threads of the process). */
interface Timing {
  wall: number[];
  cpu: number[];
  /** Sum of the last cell's output, to show both sides computed the same thing. */
  checksum: number;
}

/**
 * Time every workload for `rounds` rounds after one warm-up each, taking the workloads in turn within
 * each round, so that a burst of load from other processes spreads over all of them rather than
 * landing on one.
 */
function timeAll(workloads: Record<string, () => Float32Array>): Record<string, Timing> {
  // Workloads share one output buffer, so each checksum is taken right after its own run.
  const sum = (values: Float32Array) => values.reduce((total, v) => total + v, 0);
  const results: Record<string, Timing> = {};
  for (const [name, fn] of Object.entries(workloads))
    results[name] = { wall: [], cpu: [], checksum: sum(fn()) };
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(workloads)) {
      const start = performance.now();
      const used = process.cpuUsage();
      const output = fn();
      const { user, system } = process.cpuUsage(used);
      results[name].wall.push((performance.now() - start) / 1000);
      results[name].cpu.push((user + system) / 1e6);
      results[name].checksum = sum(output);
    }
  }
  return results;
}

function measureJs(cells: ChannelStack<Uint16Array>[]): Record<string, Timing> {
  const acc = createStatisticsAccumulator();
  for (const cell of cells) accumulateStatistics(acc, cell);
  const statistics = finalizeStatistics(acc, { percentiles: QS });
  const out = new Float32Array(BATCH * C * OUT * OUT);
  const workloads: Record<string, () => Float32Array> = {};
  for (const mode of ["bilinear", "area"] as ResizeMode[]) {
    for (const [name, perDataset] of [
      ["dataset", true],
      ["per_image", false],
    ] as const) {
      const spec: PreprocessSpec = {
        version: 1,
        channels: CHANNELS,
        steps: [
          {
            op: "scale_range",
            mode: perDataset ? "per_dataset" : "per_sample",
            min_percentile: 1,
            max_percentile: 99.8,
          },
          { op: "resize", height: OUT, width: OUT, mode },
        ],
        ...(perDataset && { statistics }),
      };
      const pre = createPreprocessor(spec);
      workloads[`${name} ${mode}`] = () => {
        let batch: Float32Array = out;
        for (let start = 0; start < cells.length; start += BATCH) {
          batch = preprocessBatch(cells.slice(start, start + BATCH), pre, { out }).data;
        }
        return batch.subarray(batch.length - C * OUT * OUT);
      };
    }
  }
  workloads.statistics = () => {
    const a = createStatisticsAccumulator();
    for (const cell of cells) accumulateStatistics(a, cell);
    const s = finalizeStatistics(a, { percentiles: QS });
    const parts = CHANNELS.map((ch) => s.channels[ch]);
    return Float32Array.from([
      ...parts.flatMap((p) => [p.percentiles["1"]]),
      ...parts.flatMap((p) => [p.percentiles["99.8"]]),
      ...parts.map((p) => p.mean),
      ...parts.map((p) => p.std),
      ...parts.map((p) => p.min),
      ...parts.map((p) => p.max),
    ]);
  };
  return timeAll(workloads);
}

function measureNumpy(raw: Uint16Array): { numpy: string; results: Record<string, Timing> } {
  const dir = mkdtempSync(joinPath(tmpdir(), "ctc-bench-"));
  try {
    const file = joinPath(dir, "cells.u16");
    writeFileSync(file, new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
    const script = new URL("reference.py", import.meta.url).pathname;
    const run = spawnSync(
      "/usr/bin/python3",
      [script, file, String(cellCount), String(rounds), String(BATCH)],
      {
        encoding: "utf8",
        maxBuffer: 1 << 20,
        // One BLAS thread, like our single JavaScript thread: on 2 shared cores a second BLAS thread
        // mostly spins, which inflates NumPy's CPU time and makes its wall time erratic.
        env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
      },
    );
    if (run.status !== 0) throw new Error(`reference.py failed: ${run.stderr}`);
    return JSON.parse(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Round times of several passes joined, so both sides sample the same stretch of machine load. */
function join(into: Record<string, Timing>, from: Record<string, Timing>): void {
  for (const [name, t] of Object.entries(from)) {
    if (into[name] === undefined) into[name] = { wall: [], cpu: [], checksum: t.checksum };
    into[name].wall.push(...t.wall);
    into[name].cpu.push(...t.cpu);
  }
}

const { cells, raw } = makeCells(cellCount);
const ours: Record<string, Timing> = {};
const numpy: Record<string, Timing> = {};
let numpyVersion = "";
for (let pass = 0; pass < passes; pass++) {
  join(ours, measureJs(cells));
  const reference = measureNumpy(raw);
  numpyVersion = reference.numpy;
  join(numpy, reference.results);
}

const fmt = (v: number | undefined) => (v === undefined ? "-" : Math.round(v).toLocaleString("en-US"));

/** One table: cells/s from the best or the median round, and ours over the best NumPy variant. */
function table(clock: "cpu" | "wall", statistic: (values: readonly number[]) => number): void {
  console.log("| workload | ours (cells/s) | NumPy per-cell | NumPy batched | ours / best NumPy |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const name of Object.keys(ours)) {
    const seconds = (t: Timing | undefined) => (t === undefined ? undefined : statistic(t[clock]));
    const mine = seconds(ours[name])!;
    const perCell = seconds(numpy[name === "statistics" ? name : `${name} per-cell`])!;
    const batched = seconds(numpy[`${name} batched`]);
    const rate = (t: number | undefined) => (t === undefined ? undefined : cellCount / t);
    const best = Math.min(perCell, batched ?? Number.POSITIVE_INFINITY);
    console.log(
      `| ${name} | ${fmt(rate(mine))} | ${fmt(rate(perCell))} | ${fmt(rate(batched))} | ${(best / mine).toFixed(2)}x |`,
    );
  }
}

console.log(`# preprocess: ${cellCount} cells of ${C} x ${H} x ${W} uint16, resize to ${OUT} x ${OUT}`);
console.log(
  `node ${process.version}, NumPy ${numpyVersion}, ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`,
);
console.log(
  `${passes} passes x ${rounds} rounds per side, alternating; NumPy batched = ${BATCH} cells at once\n`,
);
console.log("## CPU time (user + system), best round\n");
table("cpu", (v) => Math.min(...v));
console.log("\n## CPU time, median round\n");
table("cpu", median);
console.log("\n## wall clock, median round\n");
table("wall", median);
console.log("\n## checksums (sum of the last cell's output): ours / NumPy\n");
for (const name of Object.keys(ours)) {
  const theirs = numpy[name === "statistics" ? name : `${name} batched`];
  console.log(`- ${name}: ${ours[name].checksum.toPrecision(7)} / ${theirs.checksum.toPrecision(7)}`);
}
