/**
 * Augmentation throughput: the default training pipeline on 4 x 64 x 64 float32 cells, one core, beside
 * the same pipeline in NumPy/PyTorch (bench/augment/reference.py, spawned with /usr/bin/python3 in the
 * same run). The machine is shared and noisy, so both sides count CPU time (images per CPU-second of one
 * thread), rounds alternate between the two, and the report gives same-run ratios (medians over rounds).
 * Three library calls: `augment` returning a new stack, `augment` into one reused array (as the training
 * streamer fills batch slots), and the JavaScript kernels alone (`kernels: "js"`, the fallback).
 *
 *   node --import tsx bench/augment/run.ts [--rounds 5] [--seconds 2] [--no-write]
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { DEFAULT_TRAINING_PIPELINE } from "../../src/augment/defaults";
import { augment, parseAugmentPipeline } from "../../src/augment/pipeline";
import { createStack } from "../../src/core/stack";
import type { KernelChoice } from "../../src/kernels/instance";
import { uniform } from "../../src/random/distributions";
import { createRng } from "../../src/random/rng";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rounds = option("rounds", 5);
const seconds = option("seconds", 2);

const rng = createRng(0);
const cell = createStack(
  new Float32Array(4 * 64 * 64).map(() => uniform(rng) * 0.3),
  { channels: ["BF", "DAPI", "CK", "CD45"], height: 64, width: 64 },
);

/** CPU seconds used by this process so far (user + system). */
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** How a round calls `augment`. */
interface Variant {
  readonly kernels: KernelChoice;
  readonly out?: Float32Array;
}

/**
 * Images per CPU-second of `augment` with `pipeline` over about `duration` CPU-seconds. CPU time, not wall
 * time, because the machine is shared: other processes take turns on the cores, which stretches wall time
 * but not the CPU time this process itself consumes.
 */
function measure(
  pipeline: ReturnType<typeof parseAugmentPipeline>,
  duration: number,
  variant: Variant = { kernels: "auto" },
): number {
  let n = 0;
  const start = cpuSeconds();
  while (cpuSeconds() - start < duration) {
    for (let i = 0; i < 50; i++) augment(cell, pipeline, { seed: 1, epoch: 0, index: n + i, ...variant });
    n += 50;
  }
  return n / (cpuSeconds() - start);
}

function python(duration: number, mode: "" | "inplace" = ""): number {
  const script = fileURLToPath(new URL("./reference.py", import.meta.url));
  // One thread everywhere (OpenBLAS and OpenMP too, not only torch), so both sides use one core.
  const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const run = spawnSync("/usr/bin/python3", [script, String(duration), mode], { encoding: "utf8", env });
  if (run.status !== 0) throw new Error(`reference.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}").images_per_s;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const full = parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE);
const steps = DEFAULT_TRAINING_PIPELINE.steps;
// Per-step cost: each prefix of the pipeline, so differences show what a step adds.
const prefixes = steps.map((_, i) => parseAugmentPipeline({ version: 1, steps: steps.slice(0, i + 1) }));
measure(full, 1);

const reused: Variant = { kernels: "auto", out: new Float32Array(cell.data.length) };
const fallback: Variant = { kernels: "js" };
const js: number[] = [];
const into: number[] = [];
const plain: number[] = [];
const py: number[] = [];
const pyInPlace: number[] = [];
for (let r = 0; r < rounds; r++) {
  js.push(measure(full, seconds));
  into.push(measure(full, seconds, reused));
  plain.push(measure(full, seconds, fallback));
  py.push(python(seconds));
  pyInPlace.push(python(seconds, "inplace"));
  console.log(
    `round ${r + 1}: new stack ${js[r].toFixed(0)}, into an array ${into[r].toFixed(0)}, JS kernels ${plain[r].toFixed(0)}, python ${py[r].toFixed(0)}, python in place ${pyInPlace[r].toFixed(0)} img/s`,
  );
}
const ratios = js.map((v, i) => v / py[i]);
// Into an array against the faster of the two references in the same round.
const intoRatios = into.map((v, i) => v / Math.max(py[i], pyInPlace[i]));
const plainRatios = plain.map((v, i) => v / py[i]);
// Each prefix in every round, interleaved, and the median per prefix: one reading each swung by 2x with
// the load of the shared cores.
const prefixRuns = prefixes.map((): number[] => []);
for (let r = 0; r < rounds; r++) {
  prefixes.forEach((p, i) => {
    prefixRuns[i].push(measure(p, seconds / 4));
  });
}
const prefixRates = prefixRuns.map(median);
const lines = [
  "# Augmentation benchmark",
  "",
  "Default training pipeline (`DEFAULT_TRAINING_PIPELINE`: dihedral, p = 0.5 affine, brightness, contrast,",
  "shot + read noise) on 4 x 64 x 64 float32 cells, one image at a time, one core. Reference: the same",
  "steps and distributions in NumPy 1.24 / PyTorch 1.13 (`grid_sample`, `torch.set_num_threads(1)`),",
  "`bench/augment/reference.py`, spawned in the same run; rounds alternate between the two. Rates are images",
  "per CPU-second of the process (Node: `process.cpuUsage`, Python: `time.process_time`), so time slices",
  "taken by colleagues' processes on the shared cores do not count against either side.",
  "",
  "Both sides draw one normal per pixel for the noise: NumPy's `standard_normal` (ziggurat) in the",
  "reference, 16-bit table normals (`fillNormals16`, two per 32-bit draw, within 2^-17 of the normal",
  "distribution function) here. Ours runs the dihedral element as a view read by the next step, and the",
  "affine warp and the fused brightness, contrast and noise pass in WebAssembly SIMD kernels (identical",
  "values to the JavaScript kernels, which the third column runs alone).",
  "",
  "Three ways to call the library: `augment(cell, pipeline, { seed, epoch, index })`, which returns a new",
  "stack (one 64 KB array per image); the same call with `out`, one array reused for every image, as the",
  'training streamer writes batch slots; and `kernels: "js"`, the fallback where WebAssembly cannot',
  "compile (both allocate). Allocation matters here: glibc hands freed 64 KB blocks back to the system and",
  "faults fresh pages in for the next one, which cost about as much as the augmentation itself.",
  "",
  `Command: \`node --import tsx bench/augment/run.ts --rounds ${rounds} --seconds ${seconds}\``,
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), shared and noisy; Node ${process.version}.`,
  `Date: ${new Date().toISOString().slice(0, 10)}`,
  "",
  "The reference runs twice per round: as written (new arrays) and with its per-value steps written into",
  "preallocated arrays (`out=`, same values). The `into` ratio is taken against the faster of the two.",
  "",
  "Images per CPU-second, and the ratio to the reference in the same round:",
  "",
  "| round | new stack | into an array | JS kernels | NumPy/PyTorch | NumPy in place | new stack / ref | into / faster ref | JS / ref |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ...js.map(
    (v, i) =>
      `| ${i + 1} | ${v.toFixed(0)} | ${into[i].toFixed(0)} | ${plain[i].toFixed(0)} | ${py[i].toFixed(0)} | ${pyInPlace[i].toFixed(0)} | ${ratios[i].toFixed(2)} | ${intoRatios[i].toFixed(2)} | ${plainRatios[i].toFixed(2)} |`,
  ),
  `| median | ${median(js).toFixed(0)} | ${median(into).toFixed(0)} | ${median(plain).toFixed(0)} | ${median(py).toFixed(0)} | ${median(pyInPlace).toFixed(0)} | ${median(ratios).toFixed(2)} | ${median(intoRatios).toFixed(2)} | ${median(plainRatios).toFixed(2)} |`,
  "",
  `Goals (at least 5,000 img/s per core and at least 3x the reference), on the medians of this run: new stack ${
    median(js) >= 5000 ? "met" : "not met"
  } and ${median(ratios) >= 3 ? "met" : "not met"}; into an array ${median(into) >= 5000 ? "met" : "not met"} and ${
    median(intoRatios) >= 3 ? "met" : "not met"
  }.`,
  "",
  "Cumulative cost of the pipeline's steps (same run, `augment` returning a new stack, median of the rounds):",
  "",
  "| steps up to | img/CPU-s |",
  "| --- | --- |",
  ...prefixRates.map(
    (v, i) => `| ${steps[i].op}${steps[i].op === "random_apply" ? " (affine)" : ""} | ${v.toFixed(0)} |`,
  ),
  "",
];
console.log(lines.join("\n"));
if (!args.includes("--no-write")) {
  writeFileSync(fileURLToPath(new URL("./RESULTS.md", import.meta.url)), lines.join("\n"));
}
