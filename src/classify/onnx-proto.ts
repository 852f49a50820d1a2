import { concatBytes } from "../core/bytes";
import { type ProtoField, readFields, writeField } from "./protobuf";

/** Field numbers from onnx.proto, for the messages the library reads and writes. */
export const ONNX = {
  model: { graph: 7, opsetImport: 8 },
  opset: { domain: 1, version: 2 },
  graph: { node: 1, initializer: 5, input: 11, output: 12, valueInfo: 13 },
  node: { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 },
  attribute: { name: 1, f: 2, i: 3, s: 4, ints: 8, type: 20 },
  attributeType: { float: 1, int: 2, string: 3, ints: 7 },
  valueInfo: { name: 1, type: 2 },
  type: { tensor: 1 },
  tensorType: { shape: 2 },
  shape: { dim: 1 },
  tensor: { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9, dataLocation: 14 },
  dataType: { float: 1, int64: 7 },
} as const;

const decoder = new TextDecoder();

/**
 * The payload of a length-delimited field as text.
 *
 * @param bytes - the encoded message
 * @param field - a length-delimited field of it
 * @returns the UTF-8 text
 */
export function fieldText(bytes: Uint8Array, field: ProtoField): string {
  return decoder.decode(bytes.subarray(field.payloadStart, field.end));
}

function signedVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0n;
  let shift = 0n;
  let i = at;
  for (;;) {
    const byte = bytes[i++];
    value |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
    if ((byte & 0x80) === 0) break;
  }
  // int64 fields carry negatives as 64-bit two's complement (axis = -1, shape dims = -1).
  return { value: Number(BigInt.asIntN(64, value)), next: i };
}

/**
 * The name a ValueInfoProto (a graph input or output) carries.
 *
 * @param bytes - the encoded message holding it
 * @param field - the ValueInfoProto field
 * @param corrupt - called when the message is not a protobuf; must throw
 * @returns the name, or an empty string when it has none
 */
export function valueInfoName(
  bytes: Uint8Array,
  field: ProtoField,
  corrupt: (message: string) => never,
): string {
  const name = readFields(bytes, field.payloadStart, field.end, corrupt).find(
    (f) => f.number === ONNX.valueInfo.name && f.wire === 2,
  );
  return name === undefined ? "" : fieldText(bytes, name);
}

/**
 * The int64 values of a field, one varint or a packed run of them, signs restored.
 *
 * @param bytes - the encoded message (already checked by `readFields`)
 * @param field - a varint field or a packed repeated one
 * @returns the values
 */
export function fieldInts(bytes: Uint8Array, field: ProtoField): number[] {
  if (field.wire === 0) return [signedVarint(bytes, field.payloadStart).value];
  if (field.wire !== 2) return [];
  const out: number[] = [];
  for (let at = field.payloadStart; at < field.end; ) {
    const { value, next } = signedVarint(bytes, at);
    out.push(value);
    at = next;
  }
  return out;
}

/**
 * The opset version a ModelProto imports for the default ONNX domain.
 *
 * @param bytes - the encoded model
 * @param model - its top-level fields
 * @param corrupt - called when an opset entry is not a protobuf; must throw
 * @returns the version, or 0 when the model imports none
 */
export function defaultOpset(
  bytes: Uint8Array,
  model: readonly ProtoField[],
  corrupt: (message: string) => never,
): number {
  for (const f of model) {
    if (f.number !== ONNX.model.opsetImport || f.wire !== 2) continue;
    const entry = readFields(bytes, f.payloadStart, f.end, corrupt);
    const domain = entry.find((e) => e.number === ONNX.opset.domain && e.wire === 2);
    const name = domain === undefined ? "" : fieldText(bytes, domain);
    const version = entry.find((e) => e.number === ONNX.opset.version && e.wire === 0);
    if ((name === "" || name === "ai.onnx") && version !== undefined) return version.value;
  }
  return 0;
}

/**
 * Re-encode a ModelProto with the fields of its graph rewritten; every other byte is copied as it is,
 * weights included.
 *
 * @param model - the encoded model
 * @param corrupt - called when the bytes are not a protobuf or hold no graph; must throw
 * @param rewrite - takes the graph's fields in file order and returns the encoded fields of the new graph
 * @returns the encoded model
 */
export function rewriteGraph(
  model: Uint8Array,
  corrupt: (message: string) => never,
  rewrite: (fields: readonly ProtoField[]) => readonly Uint8Array[],
): Uint8Array {
  const top = readFields(model, 0, model.length, corrupt);
  const graph = top.find((f) => f.number === ONNX.model.graph && f.wire === 2);
  if (graph === undefined) return corrupt("no graph");
  const body = rewrite(readFields(model, graph.payloadStart, graph.end, corrupt));
  return concatBytes(
    top.map((f) =>
      f === graph ? writeField.bytes(ONNX.model.graph, concatBytes(body)) : model.subarray(f.start, f.end),
    ),
  );
}

/**
 * A NodeProto, as a `node` field of a GraphProto.
 *
 * @param op - operator type
 * @param name - node name
 * @param inputs - input value names
 * @param outputs - output value names
 * @param attributes - encoded AttributeProto messages
 * @returns the encoded field
 */
export function nodeField(
  op: string,
  name: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: readonly Uint8Array[] = [],
): Uint8Array {
  return writeField.bytes(
    ONNX.graph.node,
    concatBytes([
      ...inputs.map((i) => writeField.string(ONNX.node.input, i)),
      ...outputs.map((o) => writeField.string(ONNX.node.output, o)),
      writeField.string(ONNX.node.name, name),
      writeField.string(ONNX.node.opType, op),
      ...attributes.map((a) => writeField.bytes(ONNX.node.attribute, a)),
    ]),
  );
}

/**
 * An AttributeProto holding non-negative integers (`perm`, `axes`).
 *
 * @param name - attribute name
 * @param values - the integers
 * @returns the encoded message
 */
export function intsAttribute(name: string, values: readonly number[]): Uint8Array {
  return concatBytes([
    writeField.string(ONNX.attribute.name, name),
    ...values.map((v) => writeField.varint(ONNX.attribute.ints, v)),
    writeField.varint(ONNX.attribute.type, ONNX.attributeType.ints),
  ]);
}

/**
 * An AttributeProto holding one non-negative integer (`axis`).
 *
 * @param name - attribute name
 * @param value - the integer
 * @returns the encoded message
 */
export function intAttribute(name: string, value: number): Uint8Array {
  return concatBytes([
    writeField.string(ONNX.attribute.name, name),
    writeField.varint(ONNX.attribute.i, value),
    writeField.varint(ONNX.attribute.type, ONNX.attributeType.int),
  ]);
}

/**
 * An AttributeProto holding one float.
 *
 * @param name - attribute name
 * @param value - the float
 * @returns the encoded message
 */
export function floatAttribute(name: string, value: number): Uint8Array {
  return concatBytes([
    writeField.string(ONNX.attribute.name, name),
    writeField.float(ONNX.attribute.f, value),
    writeField.varint(ONNX.attribute.type, ONNX.attributeType.float),
  ]);
}

function tensorField(name: string, dims: readonly number[], dataType: number, raw: Uint8Array): Uint8Array {
  return writeField.bytes(
    ONNX.graph.initializer,
    concatBytes([
      ...dims.map((d) => writeField.varint(ONNX.tensor.dims, d)),
      writeField.varint(ONNX.tensor.dataType, dataType),
      writeField.string(ONNX.tensor.name, name),
      writeField.bytes(ONNX.tensor.rawData, raw),
    ]),
  );
}

/**
 * A float32 initializer, as an `initializer` field of a GraphProto.
 *
 * @param name - value name
 * @param dims - its shape (empty for a scalar)
 * @param values - its values, row-major
 * @returns the encoded field
 */
export function floatInitializer(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
): Uint8Array {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return tensorField(name, dims, ONNX.dataType.float, raw);
}

/**
 * An int64 initializer (shapes, indices), as an `initializer` field of a GraphProto.
 *
 * @param name - value name
 * @param dims - its shape
 * @param values - its values, row-major; negatives allowed
 * @returns the encoded field
 */
export function int64Initializer(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
): Uint8Array {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, BigInt(values[i]), true);
  return tensorField(name, dims, ONNX.dataType.int64, raw);
}
