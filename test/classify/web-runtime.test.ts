import * as ortWeb from "onnxruntime-web";
import { describe, expect, it } from "vitest";
import type { OrtRuntime } from "../../src/classify/runtime";
import { isCtcError } from "../../src/core/errors";
import {
  configureWebRuntime,
  createWebClassifier,
  defaultWebProviders,
  fetchBundle,
} from "../../src/web/runtime";
import { expected, fixtureBytes, fixtureCells, maxDiff } from "./fixtures";

const ort = ortWeb as unknown as OrtRuntime;
const zip = fixtureBytes("small-resnet.zip");
const serve: typeof fetch = async (url) =>
  String(url).endsWith("small-resnet.zip")
    ? new Response(zip as Uint8Array<ArrayBuffer>)
    : new Response("not found", { status: 404 });

describe("web runtime", () => {
  it("uses one thread without cross-origin isolation and keeps wasm paths", () => {
    configureWebRuntime(ort, { wasmPaths: "/assets/ort/" });
    expect(ort.env.wasm.numThreads).toBe(1);
    expect(ort.env.wasm.wasmPaths).toBe("/assets/ort/");
    configureWebRuntime(ort, { threads: 2 });
    expect(ort.env.wasm.numThreads).toBe(2);
    ort.env.wasm.wasmPaths = undefined;
    ort.env.wasm.numThreads = 1;
  });

  it("offers wasm, and WebGPU first only where the browser has it", () => {
    expect(defaultWebProviders().at(-1)).toBe("wasm");
    expect(defaultWebProviders().includes("webgpu")).toBe(
      typeof navigator !== "undefined" && "gpu" in navigator,
    );
  });

  it("downloads a bundle and reports HTTP errors as IO_ERROR", async () => {
    expect((await fetchBundle("https://lab.example/small-resnet.zip", { fetch: serve })).card.name).toBe(
      "small-resnet",
    );
    await expect(fetchBundle("https://lab.example/missing.zip", { fetch: serve })).rejects.toSatisfy(
      (e) => isCtcError(e, "IO_ERROR") && String(e).includes("404"),
    );
  });

  it("classifies a bundle URL with onnxruntime-web (wasm), matching PyTorch", async () => {
    const classifier = await createWebClassifier("https://lab.example/small-resnet.zip", {
      ort,
      fetch: serve,
      threads: 1,
    });
    const predictions = await classifier.classify(fixtureCells());
    const reference = expected("small-resnet");
    predictions.forEach((p, i) => {
      expect(maxDiff(p.probabilities, reference.probabilities[i])).toBeLessThan(1e-4);
    });
    await classifier.release();
  });
});
