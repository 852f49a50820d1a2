import { describe, expect, it } from "vitest";
import { bundleFromParts } from "../../src/classify/bundle";
import { type CellPrediction, type Classifier, createClassifier } from "../../src/classify/classifier";
import { occlusion } from "../../src/classify/occlusion";
import type { CellSource } from "../../src/classify/stream";
import { isCtcError } from "../../src/core/errors";
import { type ChannelStack, channelPixels, createStack } from "../../src/core/stack";
import { BACKENDS, fixtureBytes, fixtureCells, fixtureJson } from "./fixtures";

/** A classifier whose CTC probability is the mean CK value in the top-left 8 x 8 pixels, over 100. */
function fakeClassifier(): Classifier {
  async function* stream(cells: CellSource<ChannelStack>): AsyncGenerator<CellPrediction> {
    let index = 0;
    for await (const cell of cells) {
      const ck = channelPixels(cell, cell.channels.indexOf("CK"));
      let sum = 0;
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) sum += ck[y * cell.width + x];
      const p = sum / 64 / 100;
      yield {
        index: index++,
        label: "",
        labelIndex: 0,
        positiveProbability: p,
        probabilities: [1 - p, p],
        logits: [0, 0],
      };
    }
  }
  return {
    cards: [],
    classes: ["leukocyte", "ctc"],
    positiveClass: "ctc",
    threshold: 0.5,
    channels: ["DAPI", "CK"],
    stream,
    classify: async () => [],
    release: async () => {},
  };
}

describe("occlusion", () => {
  const size = 16;
  const data = new Float32Array(2 * size * size);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) data[size * size + y * size + x] = 100;
  for (let i = 0; i < size * size; i++) data[i] = (i * 37) % 11;
  const cell = createStack(data, { channels: ["DAPI", "CK"], height: size, width: size });

  it("finds the region and channel the decision depends on", async () => {
    const { heatmap, baseline } = await occlusion(fakeClassifier(), cell, { patch: 4, stride: 4, fill: 0 });
    expect(baseline).toBe(1);
    expect(heatmap.channels).toEqual(["DAPI", "CK", "all"]);
    expect([heatmap.height, heatmap.width]).toEqual([size, size]);
    const ck = channelPixels(heatmap, 1);
    const all = channelPixels(heatmap, 2);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = y < 8 && x < 8;
        expect(ck[y * size + x]).toBeCloseTo(inside ? 0.25 : 0, 6);
        expect(all[y * size + x]).toBeCloseTo(inside ? 0.25 : 0, 6);
      }
    }
    expect(channelPixels(heatmap, 0).every((v) => v === 0)).toBe(true);
  });

  it("averages overlapping patches and covers the far edge", async () => {
    const { heatmap } = await occlusion(fakeClassifier(), cell, { patch: 6, stride: 5, fill: 0 });
    // Origins 0, 5, 10 (flush with the edge): every pixel is covered, so none is left at exactly 0 by accident
    // inside the sensitive region.
    const ck = channelPixels(heatmap, 1);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) expect(ck[y * size + x]).toBeGreaterThan(0);
    expect(ck[15 * size + 15]).toBe(0);
  });

  it("rejects bad options", async () => {
    const classifier = fakeClassifier();
    for (const options of [{ patch: 0 }, { stride: 1.5 }, { fill: Number.NaN }, { target: "debris" }]) {
      await expect(occlusion(classifier, cell, options)).rejects.toSatisfy((e) =>
        isCtcError(e, "INVALID_ARGUMENT"),
      );
    }
  });

  it("runs a real model through the full path; the baseline is the plain prediction", async () => {
    const [, ort] = BACKENDS[0];
    const bundle = await bundleFromParts(fixtureBytes("small-resnet.onnx"), fixtureJson("small-resnet.json"));
    const classifier = await createClassifier(ort, bundle, { batchSize: 32 });
    const [first] = fixtureCells();
    const progress: number[] = [];
    const map = await occlusion(classifier, first, { patch: 8, onProgress: (p) => progress.push(p.done) });
    const [plain] = await classifier.classify([first]);
    expect(map.baseline).toBeCloseTo(plain.positiveProbability, 6);
    expect(map.heatmap.channels).toEqual(["DAPI", "CK", "CD45", "all"]);
    expect([map.heatmap.height, map.heatmap.width]).toEqual([first.height, first.width]);
    expect(map.heatmap.data.some((v) => v !== 0)).toBe(true);
    expect(progress.at(-1)).toBeGreaterThan(1);
    await classifier.release();
  });
});
