import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ortNode from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import type { OrtRuntime } from "../../src/classify/runtime";
import { type ChannelStack, createStack } from "../../src/core/stack";

/** Folder written by scripts/fixtures/classify.py. */
export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "classify");

/** Fixture models, by name. */
export const MODELS = [
  "resnet18-w16",
  "small-resnet",
  "softmax-head",
  "sigmoid-head",
  "named-io",
  "wide-block",
] as const;

/** Both backends: onnxruntime-node, and onnxruntime-web (wasm) running in Node. */
export const BACKENDS: readonly [string, OrtRuntime][] = [
  ["onnxruntime-node", ortNode as unknown as OrtRuntime],
  ["onnxruntime-web", ortWeb as unknown as OrtRuntime],
];
// Threads in wasm spawn workers; one keeps the test process light and deterministic.
ortWeb.env.wasm.numThreads = 1;

/** Bytes of a fixture file. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

/** Parsed JSON of a fixture file. */
export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as T;
}

/** The seeded uint16 cells (channels CD45, CK, BF, DAPI; sizes 28..40). */
export function fixtureCells(): ChannelStack<Uint16Array>[] {
  const meta = fixtureJson<{
    channels: string[];
    cells: { height: number; width: number; offset: number }[];
  }>("cells.json");
  const bytes = fixtureBytes("cells.bin");
  return meta.cells.map(({ height, width, offset }) => {
    const length = meta.channels.length * height * width;
    const data = new Uint16Array(length);
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, length * 2);
    for (let i = 0; i < length; i++) data[i] = view.getUint16(i * 2, true);
    return createStack(data, { channels: meta.channels, height, width });
  });
}

/** PyTorch's outputs for a fixture model. */
export function expected(model: string): { output: number[][]; probabilities: number[][] } {
  return fixtureJson(`${model}.expected.json`);
}

/** Largest absolute difference between two equally long lists. */
export function maxDiff(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}
