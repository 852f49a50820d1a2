import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeBundle } from "../../src/classify/bundle";
import type { ModelCard } from "../../src/classify/bundle-schema";
import { isCtcError } from "../../src/core/errors";
import { createNodeClassifier, loadBundleFile, loadNodeRuntime } from "../../src/node/runtime";
import { expected, FIXTURES, fixtureBytes, fixtureCells, fixtureJson, maxDiff } from "./fixtures";

describe("node runtime", () => {
  it("loads a bare .onnx beside its .json, a model.json beside it, or a zip", async () => {
    expect((await loadBundleFile(join(FIXTURES, "named-io.onnx"))).card.name).toBe("named-io");
    const dir = mkdtempSync(join(tmpdir(), "ctc-bundle-"));
    copyFileSync(join(FIXTURES, "small-resnet.onnx"), join(dir, "weights.onnx"));
    copyFileSync(join(FIXTURES, "small-resnet.json"), join(dir, "model.json"));
    expect((await loadBundleFile(join(dir, "weights.onnx"))).card.name).toBe("small-resnet");
    expect((await loadBundleFile(join(FIXTURES, "small-resnet.zip"))).card.name).toBe("small-resnet");
    const card = join(dir, "card.json");
    copyFileSync(join(FIXTURES, "named-io.json"), card);
    copyFileSync(join(FIXTURES, "named-io.onnx"), join(dir, "other.onnx"));
    expect((await loadBundleFile(join(dir, "other.onnx"), { card })).card.name).toBe("named-io");
  });

  it("reports a missing file as IO_ERROR naming the path", async () => {
    await expect(loadBundleFile("/nonexistent/model.zip")).rejects.toSatisfy(
      (e) =>
        isCtcError(e, "IO_ERROR") &&
        String(e).includes("/nonexistent/model.zip") &&
        String(e).includes("ENOENT"),
    );
  });

  it("classifies from paths with onnxruntime-node, matching PyTorch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ctc-bundle-"));
    const {
      format: _f,
      formatVersion: _v,
      sha256: _s,
      ...card
    } = fixtureJson<ModelCard>("resnet18-w16.json");
    const zip = join(dir, "resnet.zip");
    writeFileSync(zip, await writeBundle(fixtureBytes("resnet18-w16.onnx"), card));
    const classifier = await createNodeClassifier([zip, join(FIXTURES, "resnet18-w16.onnx")], { threads: 1 });
    const predictions = await classifier.classify(fixtureCells());
    const reference = expected("resnet18-w16");
    predictions.forEach((p, i) => {
      expect(maxDiff(p.probabilities, reference.probabilities[i])).toBeLessThan(1e-4);
    });
    await classifier.release();
    expect(typeof (await loadNodeRuntime()).Tensor).toBe("function");
  });
});
