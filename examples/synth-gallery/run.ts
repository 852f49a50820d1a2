/**
 * A PNG gallery of simulated cells: one row per cell type, each cell shown in false colour and then per
 * channel in grey. Run with `node --import tsx examples/synth-gallery/run.ts [preset] [cells per type]`;
 * writes examples/synth-gallery/out/gallery-<preset>.png.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { channelPixels } from "../../src/core/stack";
import { compositeRgb } from "../../src/io/composite";
import { writeRgbPng } from "../../src/io/png";
import {
  CELL_TYPES,
  generateCell,
  type PresetName,
  resolveConfig,
  type SynthCell,
} from "../../src/synth/index";

const preset = (process.argv[2] ?? "paper-like") as PresetName;
const config = resolveConfig({
  preset,
  prevalence: 0.5,
  ctcMix: { ctc: 1, ctc_low_ck: 1, ctc_cluster: 1 },
  otherMix: { lymphocyte: 1, neutrophil: 1, monocyte: 1, apoptotic: 1, debris: 1, doublet: 1 },
});
const perType = Number(process.argv[3] ?? 4);
const size = config.cropSize;
const channels = config.channels.map((c) => c.name);
const tile = size + 2;
const columns = perType * (1 + channels.length);
const width = columns * tile;
const height = CELL_TYPES.length * tile;
const rgb = new Uint8Array(width * height * 3).fill(255);

// The first cells of each type from seed 1: scanning indices keeps every picture reproducible.
const found = new Map<string, SynthCell[]>(CELL_TYPES.map((t) => [t, []]));
for (let i = 0; [...found.values()].some((list) => list.length < perType); i++) {
  const cell = generateCell(1, i, config);
  const list = found.get(cell.truth.type)!;
  if (list.length < perType) list.push(cell);
}

// One display range per channel for the whole gallery, so brightness compares across cells.
const max = config.bitDepth === 8 ? 255 : 65535;
const ranges = Object.fromEntries(
  channels.map((name) => [name, [0.01 * max, name === "BF" ? 0.6 * max : 0.5 * max] as const]),
);

function paste(data: Uint8Array, grey: boolean, col: number, row: number): void {
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = ((row * tile + y) * width + col * tile + x) * 3;
      for (let k = 0; k < 3; k++) rgb[o + k] = grey ? data[y * size + x] : data[(y * size + x) * 3 + k];
    }
  }
}

CELL_TYPES.forEach((type, row) => {
  found.get(type)!.forEach((cell, n) => {
    const col = n * (1 + channels.length);
    paste(compositeRgb(cell.stack, { ranges }).data, false, col, row);
    channels.forEach((name, c) => {
      const [lo, hi] = ranges[name];
      const plane = channelPixels(cell.stack, c);
      const grey = Uint8Array.from(plane, (v) => Math.max(0, Math.min(255, ((v - lo) / (hi - lo)) * 255)));
      paste(grey, true, col + 1 + c, row);
    });
  });
});

const out = new URL("./out/", import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL(`gallery-${preset}.png`, out), writeRgbPng({ data: rgb, width, height }));
console.log(`rows: ${CELL_TYPES.join(", ")}; columns: per cell, composite then ${channels.join(", ")}`);
