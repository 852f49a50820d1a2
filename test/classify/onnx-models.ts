import * as ort from "onnxruntime-node";
import { expect } from "vitest";
import { floatInitializer, nodeField, ONNX } from "../../src/classify/onnx-proto";
import { writeField } from "../../src/classify/protobuf";
import type { OrtRuntime } from "../../src/classify/runtime";
import { concatBytes } from "../../src/core/bytes";

/** A float tensor value with a shape; string dimensions are symbolic. */
function valueInfo(field: number, name: string, dims?: readonly (number | string)[]): Uint8Array {
  const shape = concatBytes(
    (dims ?? []).map((d) =>
      writeField.bytes(
        ONNX.shape.dim,
        typeof d === "number" ? writeField.varint(1, d) : writeField.string(2, d),
      ),
    ),
  );
  const tensor = concatBytes([
    writeField.varint(1, ONNX.dataType.float),
    // No shape at all, rather than an empty one (a scalar), when the shape is left to the runtime.
    ...(dims === undefined ? [] : [writeField.bytes(2, shape)]),
  ]);
  return writeField.bytes(
    field,
    concatBytes([
      writeField.string(ONNX.valueInfo.name, name),
      writeField.bytes(2, writeField.bytes(1, tensor)),
    ]),
  );
}

/** What a hand-made test model holds. */
export interface ModelParts {
  /** Encoded `node` fields, in order. */
  readonly nodes: readonly Uint8Array[];
  /** Float initializers. */
  readonly weights?: Readonly<Record<string, { dims: number[]; values: ArrayLike<number> }>>;
  /** Graph inputs and their shapes. */
  readonly inputs: Readonly<Record<string, readonly (number | string)[]>>;
  /** Graph outputs (shapes left symbolic). */
  readonly outputs: readonly string[];
  /** Default-domain opset; 13 unless given. */
  readonly opset?: number;
}

/** Encode a small ONNX model from nodes, float weights, inputs and outputs. */
export function onnxModel(parts: ModelParts): Uint8Array {
  const graph = concatBytes([
    ...parts.nodes,
    writeField.string(2, "test"),
    ...Object.entries(parts.weights ?? {}).map(([name, w]) => floatInitializer(name, w.dims, w.values)),
    ...Object.entries(parts.inputs).map(([name, dims]) => valueInfo(ONNX.graph.input, name, dims)),
    ...parts.outputs.map((name) => valueInfo(ONNX.graph.output, name)),
  ]);
  const opset = concatBytes([writeField.string(1, ""), writeField.varint(2, parts.opset ?? 13)]);
  return concatBytes([
    writeField.varint(1, 8),
    writeField.bytes(ONNX.model.opsetImport, opset),
    writeField.bytes(ONNX.model.graph, graph),
  ]);
}

/** An AttributeProto with a string value (`auto_pad`), which the library itself never writes. */
export function stringAttribute(name: string, value: string): Uint8Array {
  return concatBytes([
    writeField.string(ONNX.attribute.name, name),
    writeField.string(ONNX.attribute.s, value),
    writeField.varint(ONNX.attribute.type, ONNX.attributeType.string),
  ]);
}

/** One node with a generated name. */
export function op(type: string, inputs: string[], outputs: string[], attributes: Uint8Array[] = []) {
  return nodeField(type, `${type}:${outputs[0]}`, inputs, outputs, attributes);
}

/** Seeded values in [-1, 1): weights and inputs that differ everywhere. */
export function seeded(length: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 31 - 1;
  });
}

/** Run a model once (on onnxruntime-node unless another runtime is given) and return every named output. */
export async function runModel(
  model: Uint8Array,
  feeds: Record<string, { data: Float32Array; dims: number[] }>,
  options: ort.InferenceSession.SessionOptions = {},
  runtime: OrtRuntime = ort as unknown as OrtRuntime,
): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const session = await runtime.InferenceSession.create(model, options);
  try {
    const inputs = Object.fromEntries(
      Object.entries(feeds).map(([name, f]) => [name, new runtime.Tensor("float32", f.data, f.dims)]),
    );
    const result = await session.run(inputs);
    return Object.fromEntries(
      Object.entries(result).map(([name, t]) => [name, { data: t.data as Float32Array, dims: t.dims }]),
    );
  } finally {
    await session.release();
  }
}

/** One convolution to build with {@link convModel}. */
export interface ConvCase {
  /** What the case covers. */
  readonly title: string;
  /** Input channels, height and width. */
  readonly map: [channels: number, height: number, width: number];
  /** Output channels. */
  readonly out: number;
  /** Kernel height and width. */
  readonly kernel: [number, number];
  /** Encoded Conv attributes. */
  readonly attributes: Uint8Array[];
  /** Whether the convolution has a bias. */
  readonly bias?: boolean;
}

/** A model of one convolution (weights and bias seeded) on an input `x` of free batch size. */
export function convModel(c: ConvCase, seed: number) {
  const [channels, height, width] = c.map;
  const [kh, kw] = c.kernel;
  const weights: Record<string, { dims: number[]; values: Float32Array }> = {
    w: { dims: [c.out, channels, kh, kw], values: seeded(c.out * channels * kh * kw, seed) },
  };
  if (c.bias) weights.b = { dims: [c.out], values: seeded(c.out, seed + 1) };
  return onnxModel({
    nodes: [op("Conv", ["x", "w", ...(c.bias ? ["b"] : [])], ["y"], c.attributes)],
    weights,
    inputs: { x: ["n", channels, height, width] },
    outputs: ["y"],
  });
}

/** Run both models on the same seeded batch of three and require the same outputs to 1e-5 of their scale. */
export async function expectSameOutputs(
  original: Uint8Array,
  rewritten: Uint8Array,
  map: readonly number[],
  input = "x",
) {
  const dims = [3, ...map];
  const feeds = {
    [input]: {
      data: seeded(
        dims.reduce((a, b) => a * b, 1),
        99,
      ),
      dims,
    },
  };
  const [want, got] = await Promise.all([runModel(original, feeds), runModel(rewritten, feeds)]);
  for (const name of Object.keys(want)) {
    expect(got[name].dims).toEqual(want[name].dims);
    const scale = want[name].data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const diff = want[name].data.reduce((m, v, i) => Math.max(m, Math.abs(v - got[name].data[i])), 0);
    expect(scale).toBeGreaterThan(0.1);
    expect(diff).toBeLessThan(1e-5 * scale);
  }
}
