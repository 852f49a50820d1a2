/**
 * Writes the bundled sample cells (`samples/cells/*.tif`, `samples/labels.csv`): simulated cells from the
 * paper-like preset, one 4-channel uint16 TIFF each with channel names, deflate-compressed, so
 * `ctc demo` works on a fresh install. Seed and count are fixed so the files are reproducible.
 *
 * Run: node --import tsx scripts/make-samples.ts
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatCsv } from "../src/cli/csv";
import { writeTiff } from "../src/io/tiff-write";
import { generateCells, resolveConfig } from "../src/synth/index";

const SEED = 2025;
const COUNT = 48;
const root = join(import.meta.dirname, "..", "samples");
const cellsDir = join(root, "cells");
rmSync(cellsDir, { recursive: true, force: true });
mkdirSync(cellsDir, { recursive: true });
// Enriched to one CTC in three so the demo gallery shows both kinds; real samples are far rarer.
const config = resolveConfig({ preset: "paper-like", prevalence: 1 / 3 });
const rows: (string | number)[][] = [];
let index = 0;
for (const cell of generateCells(SEED, config, { count: COUNT })) {
  const name = `cell-${String(index).padStart(3, "0")}.tif`;
  writeFileSync(join(cellsDir, name), writeTiff(cell.stack, { compress: true }));
  rows.push([`cells/${name}`, 0, cell.truth.label, cell.truth.type]);
  index++;
}
writeFileSync(join(root, "labels.csv"), formatCsv(["source", "index", "label", "type"], rows));
console.log(`wrote ${COUNT} cells to ${cellsDir} (seed ${SEED})`);
