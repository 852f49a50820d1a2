/**
 * Turn the MLCP imaging-flow-cytometry montages (Blasi et al. 2016; BSD-3-Clause) into a cells NPZ
 * for the trainer: `x` uint16 N x 3 x 40 x 40 (BF, DNA, DF), `y` int32 class index. Reading and tiling
 * are the library's (`readTiff`, `splitMontage` with its padding test).
 *
 *   node --import tsx training/export-mlcp.ts [--root ../shared/data/mlcp] [--out training/data/mlcp-cells.npz]
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { createStack } from "../src/core/stack";
import { splitMontage } from "../src/io/montage";
import { writeNpz } from "../src/io/npz";
import { readTiff } from "../src/io/tiff";

/** MLCP classes, in the order of the label index. */
export const MLCP_CLASSES = [
  "Anaphase",
  "G1",
  "G2",
  "Metaphase",
  "Prophase",
  "S_phase",
  "Telophase",
] as const;

/** File channel to channel name: bright field, DNA stain, dark field (side scatter). */
export const MLCP_CHANNELS = { Ch3: "BF", Ch4: "DNA", Ch6: "DF" } as const;

const TILE = 40;

function main(): void {
  const { values } = parseArgs({
    options: { root: { type: "string" }, out: { type: "string" } },
  });
  const root = values.root ?? "../shared/data/mlcp";
  const out = values.out ?? "training/data/mlcp-cells.npz";
  const pixels: Uint16Array[] = [];
  const labels: number[] = [];
  MLCP_CLASSES.forEach((name, label) => {
    const folder = join(root, "Experiment_1", name);
    const montages = readdirSync(folder)
      .filter((f) => f.startsWith("Ch3_") && f.endsWith(".tif"))
      .sort();
    for (const bf of montages) {
      const suffix = bf.slice(3);
      const planes = Object.entries(MLCP_CHANNELS).map(([file, channel]) => {
        const path = join(folder, `${file}${suffix}`);
        return readTiff(new Uint8Array(readFileSync(path)), { file: path, channels: [channel] });
      });
      const { height, width } = planes[0];
      const data = new Uint16Array(planes.length * height * width);
      planes.forEach((p, c) => {
        data.set(p.data as Uint16Array, c * height * width);
      });
      const montage = createStack(data, { channels: Object.values(MLCP_CHANNELS), height, width });
      const tiles = splitMontage(montage, {
        tileWidth: TILE,
        order: "column-major",
        dropPadding: { channel: "BF" },
      });
      for (const tile of tiles) {
        pixels.push(tile.stack.data as Uint16Array);
        labels.push(label);
      }
      process.stderr.write(`${name}/${bf}: ${tiles.length} cells\n`);
    }
  });
  const n = labels.length;
  const x = new Uint16Array(n * 3 * TILE * TILE);
  pixels.forEach((p, i) => {
    x.set(p, i * p.length);
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    writeNpz(
      {
        x: { data: x, shape: [n, 3, TILE, TILE], dtype: "uint16" },
        y: { data: Int32Array.from(labels), shape: [n], dtype: "int32" },
      },
      { compress: true },
    ),
  );
  const counts = MLCP_CLASSES.map((c, k) => `${c} ${labels.filter((l) => l === k).length}`);
  process.stderr.write(`${n} cells -> ${out} (${counts.join(", ")})\n`);
}

main();
