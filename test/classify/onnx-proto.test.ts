import { describe, expect, it } from "vitest";
import { readOnnxGraph } from "../../src/classify/onnx-graph";
import {
  defaultOpset,
  fieldInts,
  int64Initializer,
  intsAttribute,
  ONNX,
} from "../../src/classify/onnx-proto";
import { readFields } from "../../src/classify/protobuf";
import { fixtureBytes } from "./fixtures";
import { onnxModel, op } from "./onnx-models";

const fail = (message: string): never => {
  throw new Error(message);
};

describe("ONNX messages", () => {
  it("restores negative int64 values, one at a time or packed", () => {
    // ints [-1, 300] unpacked (two varint fields), then the same packed into one field.
    const unpacked = Uint8Array.from([64, ...Array(9).fill(0xff), 1, 64, 0xac, 2]);
    const packed = Uint8Array.from([66, 12, ...Array(9).fill(0xff), 1, 0xac, 2]);
    for (const bytes of [unpacked, packed]) {
      const ints = readFields(bytes, 0, bytes.length, fail).flatMap((f) => fieldInts(bytes, f));
      expect(ints).toEqual([-1, 300]);
    }
  });

  it("writes int64 initializers and integer-list attributes the graph reader and ONNX Runtime take", () => {
    const model = onnxModel({
      nodes: [op("Transpose", ["x"], ["y"], [intsAttribute("perm", [0, 2, 1])])],
      inputs: { x: [1, 2, 3] },
      outputs: ["y"],
      opset: 11,
    });
    const graph = readOnnxGraph(model);
    expect(graph.nodes[0].attributes.get("perm")).toEqual([0, 2, 1]);
    expect(graph.opset).toBe(11);
    const field = int64Initializer("shape", [3], [0, -1, 2 ** 40]);
    const tensor = readFields(field, 0, field.length, fail)[0];
    const parts = readFields(field, tensor.payloadStart, tensor.end, fail);
    const raw = parts.find((p) => p.number === ONNX.tensor.rawData)!;
    const values = new BigInt64Array(field.slice(raw.payloadStart, raw.end).buffer);
    expect(Array.from(values, Number)).toEqual([0, -1, 2 ** 40]);
  });

  it("finds the default-domain opset among several imports", () => {
    const bytes = fixtureBytes("resnet18-w16.onnx");
    const top = readFields(bytes, 0, bytes.length, fail);
    expect(defaultOpset(bytes, top, fail)).toBe(readOnnxGraph(bytes).opset);
    const custom = Uint8Array.from([66, 11, 10, 7, ...new TextEncoder().encode("com.abc"), 16, 1]);
    expect(defaultOpset(custom, readFields(custom, 0, custom.length, fail), fail)).toBe(0);
    // A custom domain first, then the default domain with its name left out.
    const both = Uint8Array.from([...custom, 66, 2, 16, 17]);
    expect(defaultOpset(both, readFields(both, 0, both.length, fail), fail)).toBe(17);
  });
});
