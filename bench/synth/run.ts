/**
 * Simulator throughput on one core: single-cell crops per second (4 x 64 x 64 and 4 x 96 x 96,
 * paper-like preset) and field pixels per second. Run with `node --import tsx bench/synth/run.ts`;
 * results are written to bench/synth/RESULTS.md.
 *
 * CPU time (process.cpuUsage) is reported beside wall time because the shared build machines are often
 * loaded; a fixed reference loop is timed too, so runs on differently loaded machines can be compared.
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolveConfig } from "../../src/synth/config";
import { fieldLayout, renderFieldWindow } from "../../src/synth/field";
import { generateCell } from "../../src/synth/render-cell";

function timed(run: () => void): { wallS: number; cpuS: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const cpu = process.cpuUsage(cpu0);
  return { wallS: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
}

function referenceNsPerElement(): number {
  const a = new Float32Array(16384).fill(1.5);
  const b = new Float32Array(16384);
  const { cpuS } = timed(() => {
    for (let r = 0; r < 3000; r++) for (let i = 0; i < 16384; i++) b[i] = b[i] * 0.5 + a[i];
  });
  return (cpuS * 1e9) / (3000 * 16384);
}

// An odd number of repeats, so the median is one of them.
const REPEATS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[REPEATS >> 1];
const rows: string[] = [];
const reference = referenceNsPerElement();
for (const cropSize of [64, 96]) {
  const config = resolveConfig({ preset: "paper-like", cropSize });
  for (let i = 0; i < 300; i++) generateCell(99, i, config);
  // Repeats of fresh cells: other jobs on the machine come and go, so the median says more than one run.
  const n = 2000;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const { wallS, cpuS } = timed(() => {
      for (let i = 0; i < n; i++) generateCell(1, r * n + i, config);
    });
    wall.push(n / wallS);
    cpu.push(n / cpuS);
  }
  rows.push(
    `| cells 4 x ${cropSize} x ${cropSize} | ${REPEATS} x ${n} | ${median(wall).toFixed(0)} cells/s | ${median(cpu).toFixed(0)} cells/s (${Math.min(...cpu).toFixed(0)}-${Math.max(...cpu).toFixed(0)}) |`,
  );
}
{
  const config = resolveConfig({ preset: "paper-like" });
  const layout = fieldLayout(1, config, { width: 2048, height: 2048 });
  const { wallS, cpuS } = timed(() => {
    for (let y = 0; y < 2048; y += 512)
      renderFieldWindow(layout, config, { x: 0, y, width: 2048, height: 512 });
  });
  const mpx = (2048 * 2048) / 1e6;
  rows.push(
    `| field 4 x 2048 x 2048 (${layout.cells.length} objects, 4 tiles) | 1 | ${(mpx / wallS).toFixed(2)} Mpx/s | ${(mpx / cpuS).toFixed(2)} Mpx/s |`,
  );
  const big = timed(() => fieldLayout(1, config, { width: 10000, height: 10000 }));
  rows.push(`| layout only, 10000 x 10000 | 1 | ${big.wallS.toFixed(2)} s | ${big.cpuS.toFixed(2)} s |`);
}

const report = `# Simulator benchmark

Command: \`node --import tsx bench/synth/run.ts\` (one core, one thread, paper-like preset), run
${new Date().toISOString().slice(0, 10)}.
Machine: ${cpus()[0]?.model ?? "unknown"}, ${cpus().length} logical cores, Node ${process.version},
load average at the end ${loadavg()
  .map((l) => l.toFixed(1))
  .join(
    " / ",
  )}. Reference loop (\`b[i] = b[i] * 0.5 + a[i]\` on Float32Array): ${reference.toFixed(2)} ns per element
(compare it between runs: a larger figure means a slower or busier machine).

Cells: median of ${REPEATS} runs, CPU-time range in brackets.

| workload | count | wall | CPU time |
| --- | --- | --- | --- |
${rows.join("\n")}

Target: at least 2,000 cells/s on one core at 4 x 64 x 64.
`;
writeFileSync(new URL("./RESULTS.md", import.meta.url), report);
console.log(report);
