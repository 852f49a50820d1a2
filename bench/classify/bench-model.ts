/**
 * The benchmark model and cells shared by the classification benchmarks: torchvision ResNet-18 with a
 * 4-channel stem (bench/classify/make_models.py), a bundle card for it at a given size, and seeded
 * uint16 cells.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bundleFromParts, type ModelBundle } from "../../src/classify/bundle";
import { type ChannelStack, createStack } from "../../src/core/stack";

const HERE = import.meta.dirname;
/** The exported ResNet-18 (about 45 MB, git-ignored). */
export const MODEL = join(HERE, "out", "resnet18.onnx");
/** The interpreter that has torch: Debian's by default, `CTC_BENCH_PYTHON` to name another. */
export const PYTHON = process.env.CTC_BENCH_PYTHON ?? "/usr/bin/python3";
/** The model's input channels. */
export const CHANNELS = ["BF", "DAPI", "CK", "CD45"];

/** Export the model with PyTorch unless it is there already. */
export function ensureModel(): void {
  if (!existsSync(MODEL)) execFileSync(PYTHON, [join(HERE, "make_models.py")], { stdio: "inherit" });
}

/** Seeded 12-bit cells of 4 x size x size. */
export function cellsOf(count: number, size: number): ChannelStack<Uint16Array>[] {
  let seed = 12345;
  return Array.from({ length: count }, () => {
    const data = new Uint16Array(4 * size * size);
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      data[i] = seed >>> 20;
    }
    return createStack(data, { channels: CHANNELS, height: size, width: size });
  });
}

/** The model's card at one input size: fixed standardization, raw logits. */
export function card(size: number) {
  return {
    format: "persist-ctc-model",
    formatVersion: 1,
    name: `resnet18-${size}`,
    version: "bench",
    classes: ["leukocyte", "ctc"],
    positiveClass: "ctc",
    input: { channels: CHANNELS, height: size, width: size },
    output: { activation: "none" },
    preprocess: {
      version: 1,
      channels: CHANNELS,
      steps: [{ op: "fixed_zero_mean_unit_variance", mean: 1000, std: 500, eps: 1e-6 }],
    },
    threshold: 0.5,
    tta: { views: [0] },
    provenance: { data: "none", date: "2025-03-01", code: "bench/classify/run.ts" },
  };
}

/** The model bundled with its card at one input size. */
export async function benchBundle(size: number): Promise<ModelBundle> {
  return bundleFromParts(new Uint8Array(readFileSync(MODEL)), card(size));
}
