/**
 * Writes a gallery of one real cell under each augmentation transform, in false colour:
 * `examples/augment-gallery/out/gallery.png`. The cell is the first G2 cell of the MLCP imaging-flow
 * data (`../shared/data/mlcp`, BSD-3-Clause) when that folder is present, else a simulated CTC.
 *
 * Run: node --import tsx examples/augment-gallery/run.ts [output.png]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AugmentPipelineSpec, ChannelStack } from "@persist/ctc";
import { createStack, readTiff, splitMontage, writeRgbPng } from "@persist/ctc";
import { generateCell, resolveConfig } from "@persist/ctc/synth";
import { augmentGallery } from "../../src/cli/augment-gallery";

/** Every transform, at settings strong enough to see. */
const SHOWCASE: AugmentPipelineSpec = {
  version: 1,
  steps: [
    { op: "hflip" },
    { op: "vflip" },
    { op: "dihedral", elements: [1] },
    { op: "rotate", degrees: [30, 30] },
    { op: "translate" },
    { op: "scale" },
    { op: "shear" },
    { op: "affine", degrees: [-15, 15] },
    { op: "elastic", grid: 4, sigma: 1.5 },
    { op: "crop", height: 28, width: 28 },
    { op: "resized_crop", height: 40, width: 40, scale: [0.5, 0.7] },
    { op: "brightness", range: [0.15, 0.15] },
    { op: "contrast", range: [1.6, 1.6] },
    { op: "gamma" },
    { op: "illumination" },
    { op: "blur", range: [1.2, 1.2] },
    { op: "shot_noise", photons: [30, 30], read_sigma: [0.02, 0.02] },
    { op: "hot_pixels" },
    { op: "channel_dropout", p: 0.5 },
    { op: "misregistration" },
  ],
};

const MLCP = join(import.meta.dirname, "..", "..", "..", "shared", "data", "mlcp", "Experiment_1", "G2");

function mlcpCell(): ChannelStack | undefined {
  const files = { BF: "Ch3_CP0008.tif", DAPI: "Ch4_CP0008.tif", DF: "Ch6_CP0008.tif" };
  if (!Object.values(files).every((f) => existsSync(join(MLCP, f)))) return undefined;
  // Montages are 40 x 40 tiles filled column by column; the first tile is a cell in every montage.
  const planes = Object.entries(files).map(([, f]) => {
    const montage = readTiff(new Uint8Array(readFileSync(join(MLCP, f))), { file: f });
    return splitMontage(montage, { tileWidth: 40, order: "column-major" })[0].stack;
  });
  const data = new Float32Array(3 * 1600);
  planes.forEach((p, c) => {
    data.set(p.data, c * 1600);
  });
  return createStack(data, { channels: Object.keys(files), height: 40, width: 40 });
}

function scaled(stack: ChannelStack): ChannelStack<Float32Array> {
  // The pipelines work on intensities normalised to about [0, 1], as after preprocessing.
  const plane = stack.height * stack.width;
  const out = new Float32Array(stack.data.length);
  for (let c = 0; c < stack.channels.length; c++) {
    const view = stack.data.subarray(c * plane, (c + 1) * plane);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of view) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    for (let i = 0; i < plane; i++) out[c * plane + i] = hi > lo ? (view[i] - lo) / (hi - lo) : 0;
  }
  return createStack(out, { channels: stack.channels, height: stack.height, width: stack.width });
}

const real = mlcpCell();
if (!real) console.warn("[augment-gallery] ../shared/data/mlcp not found: using a simulated CTC instead");
const cell = real ?? generateCell(3, 0, resolveConfig({ preset: "easy", prevalence: 1 })).stack;
const { tiles, image } = augmentGallery(scaled(cell), SHOWCASE, { seed: 7, columns: 7, minTilePx: 120 });
const output = process.argv[2] ?? join(import.meta.dirname, "out", "gallery.png");
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, writeRgbPng(image));
console.log(`wrote ${output}: ${tiles.map((t) => t.title).join(", ")}`);
