import { readFileSync, statSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { createClassifier, readBundle } from "../../src/classify/index";
import { selectChannels } from "../../src/core/channels";
import { f1Score } from "../../src/metrics/classification";
import { generateCells, resolveConfig } from "../../src/synth/index";

const BUNDLE = new URL("../../models/default.ctcmodel.zip", import.meta.url);

describe("the bundled default model", () => {
  it("is small enough to ship (at most 12 MB)", () => {
    expect(statSync(BUNDLE).size).toBeLessThanOrEqual(12 * 1024 * 1024);
  });

  it("reads as a valid bundle with the card the model card documents", async () => {
    const { card } = await readBundle(new Uint8Array(readFileSync(BUNDLE)));
    expect(card.input.channels).toEqual(["DAPI", "CK", "CD45", "BF"]);
    expect(card.classes).toEqual(["non-CTC", "CTC"]);
    expect(card.positiveClass).toBe("CTC");
    expect(card.preprocess.statistics).toBeDefined();
    expect(card.evaluation?.folds).toBe(5);
    expect(card.evaluation?.metrics.f1.mean).toBeGreaterThan(0.75);
    expect(card.provenance.data).toContain("paper-like");
  });

  it("separates simulated CTCs from leukocytes on cells it never saw", async () => {
    const bundle = await readBundle(new Uint8Array(readFileSync(BUNDLE)));
    const classifier = await createClassifier(ort, bundle, { threads: 1 });
    try {
      // Seed 1 trained the model; seed 424242 is new data from the same preset.
      const cells = [...generateCells(424242, resolveConfig({ preset: "paper-like" }), { count: 200 })];
      const predictions = await classifier.classify(
        cells.map((c) => selectChannels(c.stack, bundle.card.input.channels)),
      );
      // F1 of the CTC class against the recorded labels (label noise included), as the model card
      // reports it; calling every cell a leukocyte scores 0, guessing at the prevalence about 0.3.
      const f1 = f1Score(
        cells.map((c) => c.truth.label),
        predictions.map((p) => p.label),
        { posLabel: "CTC" },
      );
      expect(f1).toBeGreaterThan(0.7);
    } finally {
      await classifier.release();
    }
  });
});
