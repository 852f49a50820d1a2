import * as ort from "onnxruntime-node";
import { floatInitializer, nodeField, ONNX } from "../../src/classify/onnx-proto";
import { writeField } from "../../src/classify/protobuf";
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

/** Run a model once on onnxruntime-node and return every named output. */
export async function runModel(
  model: Uint8Array,
  feeds: Record<string, { data: Float32Array; dims: number[] }>,
  options: ort.InferenceSession.SessionOptions = {},
): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const session = await ort.InferenceSession.create(model, options);
  try {
    const inputs = Object.fromEntries(
      Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor("float32", f.data, f.dims)]),
    );
    const result = await session.run(inputs);
    return Object.fromEntries(
      Object.entries(result).map(([name, t]) => [name, { data: t.data as Float32Array, dims: t.dims }]),
    );
  } finally {
    await session.release();
  }
}
