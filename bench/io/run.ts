/**
 * Decode throughput of the image readers beside tifffile and NumPy on the same files and machine.
 *
 * Run: `node --import tsx bench/io/run.ts` (writes bench/io/RESULTS.md). Absolute figures on a shared
 * 2-core machine are noisy; the ratios are what to compare.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createStack } from "../../src/core/stack";
import { readNpz, writeNpz } from "../../src/io/npz";
import { readTiff } from "../../src/io/tiff";
import { writeTiff } from "../../src/io/tiff-write";

const CHANNELS = ["BF", "DAPI", "CK", "CD45"];
const TIFF_CELLS = 2_000;
const TIFF_SIZE = 64;
const NPZ_CELLS = 10_000;
const NPZ_SIZE = 40;
const REPEATS = 3;

/** A synthetic uint16 cell: a bright disc per channel over a noisy background (compresses like real data). */
function cell(seed: number, size: number): Uint16Array {
  const data = new Uint16Array(CHANNELS.length * size * size);
  let state = seed * 2654435761;
  for (let c = 0; c < CHANNELS.length; c++) {
    const radius = size / 4 + (seed % 7);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        state = (state * 1103515245 + 12345) >>> 0;
        const inside = (x - size / 2) ** 2 + (y - size / 2) ** 2 < radius * radius;
        data[(c * size + y) * size + x] = (inside ? 3000 + 1000 * c : 400) + (state >>> 24);
      }
    }
  }
  return data;
}

function best(run: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, (performance.now() - start) / 1000);
  }
  return fastest;
}

const folder = mkdtempSync(join(tmpdir(), "ctc-bench-io-"));
try {
  for (const [name, compress] of [
    ["tiff-raw", false],
    ["tiff-deflate", true],
  ] as const) {
    mkdirSync(join(folder, name));
    for (let i = 0; i < TIFF_CELLS; i++) {
      const stack = createStack(cell(i, TIFF_SIZE), {
        channels: CHANNELS,
        height: TIFF_SIZE,
        width: TIFF_SIZE,
      });
      writeFileSync(
        join(folder, name, `cell${String(i).padStart(5, "0")}.tif`),
        writeTiff(stack, { compress }),
      );
    }
  }
  const all = new Uint16Array(NPZ_CELLS * CHANNELS.length * NPZ_SIZE * NPZ_SIZE);
  for (let i = 0; i < NPZ_CELLS; i++) all.set(cell(i, NPZ_SIZE), i * CHANNELS.length * NPZ_SIZE * NPZ_SIZE);
  const cells = {
    data: all,
    shape: [NPZ_CELLS, CHANNELS.length, NPZ_SIZE, NPZ_SIZE],
    dtype: "uint16" as const,
  };
  writeFileSync(join(folder, "cells.npz"), writeNpz({ cells }));
  writeFileSync(join(folder, "cells-deflated.npz"), writeNpz({ cells }, { compress: true }));

  const cases = [
    {
      name: "tiff-raw",
      label: `uint16 TIFF, uncompressed (${TIFF_CELLS} cells, 4 x ${TIFF_SIZE} x ${TIFF_SIZE})`,
      count: TIFF_CELLS,
      pixels: TIFF_SIZE,
    },
    {
      name: "tiff-deflate",
      label: `uint16 TIFF, deflate (${TIFF_CELLS} cells, 4 x ${TIFF_SIZE} x ${TIFF_SIZE})`,
      count: TIFF_CELLS,
      pixels: TIFF_SIZE,
    },
    {
      name: "cells.npz",
      label: `NPZ stored (${NPZ_CELLS} cells, 4 x ${NPZ_SIZE} x ${NPZ_SIZE})`,
      count: NPZ_CELLS,
      pixels: NPZ_SIZE,
    },
    {
      name: "cells-deflated.npz",
      label: `NPZ deflated (${NPZ_CELLS} cells, 4 x ${NPZ_SIZE} x ${NPZ_SIZE})`,
      count: NPZ_CELLS,
      pixels: NPZ_SIZE,
    },
  ];
  const ours: Record<string, number> = {};
  for (const c of cases) {
    if (c.name.startsWith("tiff")) {
      const blobs = readdirSync(join(folder, c.name))
        .sort()
        .map((n) => new Uint8Array(readFileSync(join(folder, c.name, n))));
      ours[c.name] = best(() => {
        for (const blob of blobs) readTiff(blob);
      });
    } else {
      const blob = new Uint8Array(readFileSync(join(folder, c.name)));
      ours[c.name] = best(() => readNpz(blob));
    }
  }
  const python = spawnSync(
    "/usr/bin/python3",
    [join(import.meta.dirname, "reference.py"), folder, String(REPEATS)],
    { encoding: "utf8" },
  );
  const reference: Record<string, number> | undefined =
    python.status === 0 ? JSON.parse(python.stdout) : undefined;
  if (reference === undefined) console.warn(`reference run failed, ratios left out: ${python.stderr}`);

  const table = cases.map((c) => {
    const megabytes = (c.count * CHANNELS.length * c.pixels * c.pixels * 2) / 1e6;
    const ref = reference?.[c.name];
    return [
      c.label,
      `${(megabytes / ours[c.name]).toFixed(0)} MB/s, ${(c.count / ours[c.name]).toFixed(0)} cells/s`,
      ref === undefined
        ? "n/a"
        : `${(megabytes / ref).toFixed(0)} MB/s, ${(c.count / ref).toFixed(0)} cells/s`,
      ref === undefined ? "n/a" : `${(ref / ours[c.name]).toFixed(2)}x`,
    ];
  });
  const header = ["case", "@persist/ctc", "tifffile / NumPy", "ratio (ours / reference speed)"];
  // Columns padded to equal width, as the repository's Markdown formatter writes tables.
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  const rows = [line(header), line(widths.map((w) => "-".repeat(w))), ...table.map(line)];
  const text = [
    "# Image I/O decode throughput",
    "",
    `Measured by \`node --import tsx bench/io/run.ts\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}.`,
    "Files are decoded from memory (read from disk beforehand); best of 3 runs. The reference is",
    "tifffile 2023.2.3 / NumPy 1.24 (`bench/io/reference.py`, run by the same script on the same files).",
    "MB/s counts decoded pixel bytes. Ratio > 1 means @persist/ctc is faster. The machine is shared and",
    "noisy: compare ratios, not absolute figures.",
    "",
    ...rows,
    "",
  ].join("\n");
  writeFileSync(join(import.meta.dirname, "RESULTS.md"), text);
  console.log(text);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
