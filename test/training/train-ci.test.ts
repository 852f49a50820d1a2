import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { createClassifier, readBundle } from "../../src/classify/index";
import { selectChannels } from "../../src/core/channels";
import { readNpy } from "../../src/io/npy";
import { generateCells, resolveConfig } from "../../src/synth/index";
import { announceSkip, HAS_TORCH, PYTHON, runTrainer, TRAINING_DIR } from "./python";

if (!HAS_TORCH) {
  announceSkip(
    `${PYTHON} lacks torch/torchvision (apt-get install python3-torch python3-torchvision python3-onnx): ` +
      "the one-epoch training test did not run",
  );
}

describe.skipIf(!HAS_TORCH)("training one epoch on simulated cells", () => {
  it("exports a bundle whose logits through the library equal PyTorch's within 1e-4", async () => {
    const out = mkdtempSync(join(tmpdir(), "ctc-train-"));
    const config = JSON.parse(readFileSync(join(TRAINING_DIR, "configs/ci.json"), "utf8"));
    const summary = JSON.parse(
      runTrainer([
        "train",
        "--config",
        join(TRAINING_DIR, "configs/ci.json"),
        "--out",
        out,
        "--device",
        "cpu",
        "--threads",
        "1",
      ]),
    );

    // The ensemble description carries the library-computed figures.
    expect(summary.format).toBe("persist-ctc-ensemble");
    expect(summary.members).toEqual(["fold-0/model.ctcmodel.zip"]);
    expect(summary.evaluation.metrics.f1.folds).toHaveLength(1);

    // Load the bundle as a user would and run the raw held-out cells the trainer checked.
    const bundle = await readBundle(new Uint8Array(readFileSync(join(out, "fold-0/model.ctcmodel.zip"))));
    expect(bundle.card.input.channels).toEqual(config.channels);
    expect(bundle.card.preprocess.statistics).toBeDefined();
    expect(bundle.card.evaluation?.folds).toBe(1);
    expect(bundle.card.provenance.code).toContain("ctc_train");
    const torchLogits = readNpy(new Uint8Array(readFileSync(join(out, "fold-0/parity_logits.npy"))));
    const index = Array.from(
      readNpy(new Uint8Array(readFileSync(join(out, "fold-0/parity_index.npy")))).data,
    );
    const sim = resolveConfig({ preset: config.data.preset });
    const cells = [...generateCells(config.data.seed, sim, { count: config.data.cells })];
    const classifier = await createClassifier(ort, bundle, { tta: [0], threads: 1 });
    try {
      const predictions = await classifier.classify(
        index.map((i) => selectChannels(cells[i].stack, config.channels)),
      );
      let worst = 0;
      predictions.forEach((p, n) => {
        p.logits.forEach((logit, k) => {
          worst = Math.max(worst, Math.abs(logit - torchLogits.data[n * 2 + k]));
        });
      });
      expect(index.length).toBeGreaterThan(10);
      expect(worst).toBeLessThan(1e-4);
    } finally {
      await classifier.release();
    }
    // The trainer's record states the hardware it ran on.
    const training = JSON.parse(readFileSync(join(out, "training-0.json"), "utf8"));
    expect(training.folds[0].training.hardware.device).toBe("cpu");
    expect(statSync(join(out, "cv.json")).size).toBeGreaterThan(0);
    writeFileSync(join(out, "done"), "");
  }, 300_000);
});
