/// <reference lib="webworker" />
import {
  type ChannelStack,
  type Classifier,
  compositeRgb,
  configureWebRuntime,
  createClassifier,
  defaultWebProviders,
  type ExecutionProvider,
  type ModelCard,
  type OrtRuntime,
  readBundle,
} from "@persist/ctc/web";
import * as ortWeb from "onnxruntime-web";
import { type NamedCell, readCells } from "./cells";
import type { Backend, CellResult, InputFile, Reply, Request } from "./protocol";

declare const self: DedicatedWorkerGlobalScope;

const ort = ortWeb as unknown as OrtRuntime;
let providers: ExecutionProvider[] = ["wasm"];
let classifier: Classifier | undefined;

function post(reply: Reply, transfer: Transferable[] = []): void {
  self.postMessage(reply, transfer);
}

function chooseProviders(backend: Backend): ExecutionProvider[] {
  if (backend === "wasm") return ["wasm"];
  if (backend === "webgpu") return ["webgpu"];
  return defaultWebProviders();
}

/**
 * Display ranges from the model's dataset statistics (its lowest and highest stored percentile per
 * channel), so brightness compares across the gallery; without them each cell is stretched to its own.
 */
let displayRanges: Record<string, [number, number]> = {};

function rangesOf(card: ModelCard): Record<string, [number, number]> {
  const ranges: Record<string, [number, number]> = {};
  for (const [name, stats] of Object.entries(card.preprocess.statistics?.channels ?? {})) {
    const values = Object.entries(stats.percentiles ?? {})
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => v);
    if (values.length >= 2 && values[values.length - 1] > values[0]) {
      ranges[name] = [values[0], values[values.length - 1]];
    }
  }
  return ranges;
}

/** An RGBA thumbnail: the library's false-colour composite, or the first channels as RGB when none is known. */
function thumbnail(stack: ChannelStack): { width: number; height: number; rgba: ArrayBuffer } {
  let rgb: Uint8Array;
  try {
    rgb = compositeRgb(stack, { ranges: displayRanges }).data;
  } catch {
    const primaries: [number, number, number][] = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
    ];
    const colours = Object.fromEntries(stack.channels.slice(0, 3).map((c, i) => [c, primaries[i]]));
    rgb = compositeRgb(stack, { colours }).data;
  }
  const rgba = new Uint8ClampedArray(stack.width * stack.height * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgba[j] = rgb[i];
    rgba[j + 1] = rgb[i + 1];
    rgba[j + 2] = rgb[i + 2];
    rgba[j + 3] = 255;
  }
  return { width: stack.width, height: stack.height, rgba: rgba.buffer };
}

async function loadModel(name: string, bytes: ArrayBuffer): Promise<void> {
  const bundle = await readBundle(new Uint8Array(bytes), { file: name });
  const next = await createClassifier(ort, bundle, { executionProviders: providers, batchSize: 16 });
  await classifier?.release();
  classifier = next;
  const { card } = bundle;
  displayRanges = rangesOf(card);
  post({
    type: "model",
    name: card.name,
    version: card.version,
    classes: card.classes,
    channels: next.channels,
    threshold: next.threshold,
  });
}

async function classify(files: readonly InputFile[], thumbnails: boolean): Promise<void> {
  if (classifier === undefined) throw new Error("no model is loaded");
  const model = classifier;
  const cells: NamedCell[] = [];
  for (const file of files) {
    try {
      for (const cell of readCells(file.name, new Uint8Array(file.bytes), model.channels)) {
        const missing = model.channels.filter((c) => !cell.stack.channels.includes(c));
        if (missing.length === 0) cells.push(cell);
        else
          post({
            type: "skipped",
            name: cell.name,
            message: `no channel ${missing.join(", ")} (has ${cell.stack.channels.join(", ")})`,
          });
      }
    } catch (error) {
      post({ type: "skipped", name: file.name, message: String(error) });
    }
  }
  const total = cells.length;
  post({ type: "progress", done: 0, total });
  const start = performance.now();
  let batch: CellResult[] = [];
  const flush = () => {
    post(
      { type: "cells", cells: batch },
      batch.flatMap((c) => (c.thumbnail === undefined ? [] : [c.thumbnail.rgba])),
    );
    batch = [];
  };
  for await (const p of model.stream(
    cells.map((c) => c.stack),
    { onProgress: ({ done }) => post({ type: "progress", done, total }) },
  )) {
    const cell = cells[p.index];
    batch.push({
      name: cell.name,
      label: p.label,
      positive: p.label === model.positiveClass,
      positiveProbability: p.positiveProbability,
      probabilities: p.probabilities,
      renamed: cell.renamed,
      ...(thumbnails ? { thumbnail: thumbnail(cell.stack) } : {}),
    });
    if (batch.length === 16) flush();
  }
  const milliseconds = performance.now() - start;
  flush();
  post({ type: "done", count: total, milliseconds });
}

async function handle(request: Request): Promise<void> {
  if (request.type === "init") {
    providers = chooseProviders(request.backend);
    configureWebRuntime(ort, { wasmPaths: request.wasmPrefix, threads: request.threads });
    post({
      type: "ready",
      providers: providers.map((p) => (typeof p === "string" ? p : p.name)),
      threads: ortWeb.env.wasm.numThreads ?? 1,
      isolated: self.crossOriginIsolated,
    });
  } else if (request.type === "model") {
    await loadModel(request.name, request.bytes);
  } else {
    await classify(request.files, request.thumbnails);
  }
}

// ONNX Runtime Web runs one inference at a time per session: requests are handled strictly in order.
let queue = Promise.resolve();
self.addEventListener("message", (event: MessageEvent<Request>) => {
  queue = queue
    .then(() => handle(event.data))
    .catch((error) => post({ type: "error", message: String(error) }));
});
