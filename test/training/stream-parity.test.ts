import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { augment, DEFAULT_TRAINING_PIPELINE, parseAugmentPipeline } from "../../src/augment/index";
import { selectChannels } from "../../src/core/channels";
import { readNpy } from "../../src/io/npy";
import { type PreprocessSpec, packBatch, preprocess } from "../../src/preprocess/index";
import { generateCells, resolveConfig } from "../../src/synth/index";
import { announceSkip, HAS_NUMPY, PYTHON, runTrainer } from "./python";

const CHANNELS = ["DAPI", "CK", "CD45", "BF"];
const config = {
  name: "parity",
  seed: 9,
  data: { kind: "synth", preset: "paper-like", cells: 40, seed: 21 },
  channels: CHANNELS,
  positiveClass: "CTC",
  preprocess: { normalization: "per_dataset", percentiles: [1, 99], size: 48 },
  augment: true,
  cv: { folds: 2, valFraction: 0.2 },
};
const INDICES = [0, 3, 17, 22, 39];

if (!HAS_NUMPY) announceSkip(`${PYTHON} lacks NumPy: the streamer/trainer parity test did not run`);

/** The trainer's view of cells: `python3 -m ctc_train dump` saves a batch exactly as it came off the pipe. */
function dump(dir: string, epoch: number, augmented: boolean) {
  const out = join(dir, `e${epoch}-${augmented}`);
  runTrainer([
    "dump",
    "--config",
    join(dir, "config.json"),
    "--out",
    out,
    "--fold",
    "0",
    "--epoch",
    String(epoch),
    "--seed",
    "77",
    "--indices",
    INDICES.join(","),
    ...(augmented ? ["--augment"] : []),
  ]);
  const read = (name: string) => readNpy(new Uint8Array(readFileSync(join(out, name))));
  return {
    x: read("x.npy"),
    y: read("y.npy"),
    index: read("index.npy"),
    spec: JSON.parse(readFileSync(join(out, "spec.json"), "utf8")) as PreprocessSpec,
  };
}

describe.skipIf(!HAS_NUMPY)("the trainer sees exactly what the library produces", () => {
  const dir = mkdtempSync(join(tmpdir(), "ctc-parity-"));
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  const sim = resolveConfig({ preset: "paper-like" });
  const cells = [...generateCells(21, sim, { count: 40 })];
  const raw = INDICES.map((i) => selectChannels(cells[i].stack, CHANNELS));
  const pipeline = parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE);

  it("without augmentation: the library's preprocess + packBatch, bit for bit", () => {
    const got = dump(dir, 0, false);
    const expected = packBatch(raw.map((stack) => preprocess(stack, got.spec)));
    expect(got.x.dtype).toBe("float32");
    expect(got.x.shape).toEqual(expected.shape);
    expect(Buffer.from((got.x.data as Float32Array).buffer).equals(Buffer.from(expected.data.buffer))).toBe(
      true,
    );
    expect(Array.from(got.index.data)).toEqual(INDICES);
    expect(Array.from(got.y.data)).toEqual(INDICES.map((i) => (cells[i].truth.label === "CTC" ? 1 : 0)));
  }, 120_000);

  it("with augmentation: the library's augment on the preprocessed cell, stream (seed, epoch, index)", () => {
    const epochs = [1, 2].map((epoch) => {
      const got = dump(dir, epoch, true);
      const expected = packBatch(
        raw.map(
          (stack, k) =>
            augment(preprocess(stack, got.spec), pipeline, { seed: 77, epoch, index: INDICES[k] }).stack,
        ),
      );
      expect(got.x.shape).toEqual(expected.shape);
      expect(Buffer.from((got.x.data as Float32Array).buffer).equals(Buffer.from(expected.data.buffer))).toBe(
        true,
      );
      return got.x.data as Float32Array;
    });
    // A fresh stream per epoch: the two epochs differ.
    expect(Buffer.from(epochs[0].buffer).equals(Buffer.from(epochs[1].buffer))).toBe(false);
  }, 120_000);

  it("statistics of the spec come from the fold's training cells only", () => {
    const got = dump(dir, 0, false);
    expect(got.spec.statistics?.images).toBeLessThan(40);
    expect(Object.keys(got.spec.statistics?.channels ?? {}).sort()).toEqual([...CHANNELS].sort());
  }, 120_000);
});
