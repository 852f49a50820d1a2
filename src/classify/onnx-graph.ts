import { CtcError } from "../core/errors";
import type { OutputActivation } from "./bundle-schema";
import { defaultOpset, fieldInts, fieldText, ONNX, valueInfoName } from "./onnx-proto";
import { type ProtoField, readFields } from "./protobuf";

/** An attribute value: an integer or float, a string, or a list of integers. */
export type OnnxAttribute = number | string | readonly number[];

/** One node of an ONNX graph, as far as the library needs it. */
export interface OnnxNode {
  /** Node name; may be empty. */
  readonly name: string;
  /** Operator type (`Conv`, `Softmax`...). */
  readonly opType: string;
  /** Operator domain; empty for the default ONNX domain. */
  readonly domain: string;
  /** Names of the values it reads (an empty name marks an omitted optional input). */
  readonly inputs: readonly string[];
  /** Names of the values it writes. */
  readonly outputs: readonly string[];
  /** Integer, float, string and integer-list attributes by name; tensors and graphs are skipped. */
  readonly attributes: ReadonlyMap<string, OnnxAttribute>;
}

/** Shape and element type of an initializer; its data is never read. */
export interface OnnxInitializer {
  /** Dimensions. */
  readonly dims: readonly number[];
  /** ONNX element type (1 = float32, 7 = int64...). */
  readonly dataType: number;
}

/** The nodes, inputs, outputs and initializer shapes of an ONNX graph (weights are skipped, never copied). */
export interface OnnxGraph {
  /** Nodes in file order. */
  readonly nodes: readonly OnnxNode[];
  /** Graph input names, initializers listed as inputs included. */
  readonly inputs: readonly string[];
  /** Declared dimensions of the graph inputs that declare a shape: sizes, or names of symbolic ones. */
  readonly inputDims: ReadonlyMap<string, readonly (number | string)[]>;
  /** Graph output names. */
  readonly outputs: readonly string[];
  /** Initializers by name. */
  readonly initializers: ReadonlyMap<string, OnnxInitializer>;
  /** Opset version of the default domain; 0 when the model declares none. */
  readonly opset: number;
}

/**
 * Throw the error for bytes that are not a readable ONNX model.
 *
 * @param message - what is wrong with them
 * @throws {@link CtcError} `MODEL_INVALID` naming `model.onnx`
 */
export function invalidModel(message: string): never {
  throw new CtcError("MODEL_INVALID", `model.onnx is not a readable ONNX protobuf: ${message}`, {
    file: "model.onnx",
  });
}

function fieldsOf(bytes: Uint8Array, field?: ProtoField): ProtoField[] {
  return field === undefined
    ? readFields(bytes, 0, bytes.length, invalidModel)
    : readFields(bytes, field.payloadStart, field.end, invalidModel);
}

function readNode(bytes: Uint8Array, field: ProtoField): OnnxNode {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes = new Map<string, OnnxAttribute>();
  let name = "";
  let opType = "";
  let domain = "";
  for (const f of fieldsOf(bytes, field)) {
    if (f.wire !== 2) continue;
    if (f.number === ONNX.node.input) inputs.push(fieldText(bytes, f));
    else if (f.number === ONNX.node.output) outputs.push(fieldText(bytes, f));
    else if (f.number === ONNX.node.name) name = fieldText(bytes, f);
    else if (f.number === ONNX.node.opType) opType = fieldText(bytes, f);
    else if (f.number === ONNX.node.domain) domain = fieldText(bytes, f);
    else if (f.number === ONNX.node.attribute) {
      let key = "";
      let value: OnnxAttribute | undefined;
      let type = 0;
      const ints: number[] = [];
      for (const a of fieldsOf(bytes, f)) {
        if (a.number === ONNX.attribute.name && a.wire === 2) key = fieldText(bytes, a);
        else if (a.number === ONNX.attribute.type && a.wire === 0) type = a.value;
        else if (a.number === ONNX.attribute.i) value = fieldInts(bytes, a)[0];
        else if (a.number === ONNX.attribute.f && a.wire === 5)
          value = new DataView(bytes.buffer, bytes.byteOffset + a.payloadStart, 4).getFloat32(0, true);
        else if (a.number === ONNX.attribute.s && a.wire === 2) value = fieldText(bytes, a);
        else if (a.number === ONNX.attribute.ints) ints.push(...fieldInts(bytes, a));
      }
      // An empty list is told apart from a tensor or graph attribute (never decoded) by its type.
      if (ints.length > 0 || type === ONNX.attributeType.ints) attributes.set(key, ints);
      else if (value !== undefined) attributes.set(key, value);
    }
  }
  return { name, opType, domain, inputs, outputs, attributes };
}

function readInitializer(bytes: Uint8Array, field: ProtoField): [string, OnnxInitializer] {
  const dims: number[] = [];
  let dataType = 0;
  let name = "";
  for (const f of fieldsOf(bytes, field)) {
    if (f.number === ONNX.tensor.dims) dims.push(...fieldInts(bytes, f));
    else if (f.number === ONNX.tensor.dataType && f.wire === 0) dataType = f.value;
    else if (f.number === ONNX.tensor.name && f.wire === 2) name = fieldText(bytes, f);
  }
  return [name, { dims, dataType }];
}

// ValueInfoProto.type -> TypeProto.tensor_type -> shape -> dim: dim_value (1) or dim_param (2).
function valueDims(bytes: Uint8Array, field: ProtoField): (number | string)[] | undefined {
  const nested = (parent: ProtoField | undefined, number: number) =>
    parent && fieldsOf(bytes, parent).find((f) => f.number === number && f.wire === 2);
  const shape = nested(nested(nested(field, ONNX.valueInfo.type), ONNX.type.tensor), ONNX.tensorType.shape);
  if (shape === undefined) return undefined;
  return fieldsOf(bytes, shape)
    .filter((f) => f.number === ONNX.shape.dim && f.wire === 2)
    .map((dim) => {
      const parts = fieldsOf(bytes, dim);
      const value = parts.find((p) => p.number === 1 && p.wire === 0);
      const param = parts.find((p) => p.number === 2 && p.wire === 2);
      return value !== undefined ? value.value : param !== undefined ? fieldText(bytes, param) : "";
    });
}

/**
 * Read the nodes, inputs, outputs and initializer shapes of an ONNX model with a minimal protobuf
 * reader. Weights are skipped by length, so this costs microseconds even for large models.
 *
 * @param bytes - bytes of `model.onnx`
 * @returns the graph
 * @throws {@link CtcError} `MODEL_INVALID` when the bytes are not a protobuf or hold no graph
 */
export function readOnnxGraph(bytes: Uint8Array): OnnxGraph {
  const top = fieldsOf(bytes);
  const graph = top.find((f) => f.number === ONNX.model.graph && f.wire === 2);
  if (graph === undefined) return invalidModel("no graph");
  const nodes: OnnxNode[] = [];
  const inputs: string[] = [];
  const inputDims = new Map<string, (number | string)[]>();
  const outputs: string[] = [];
  const initializers = new Map<string, OnnxInitializer>();
  for (const field of fieldsOf(bytes, graph)) {
    if (field.wire !== 2) continue;
    if (field.number === ONNX.graph.node) nodes.push(readNode(bytes, field));
    else if (field.number === ONNX.graph.input) {
      const name = valueInfoName(bytes, field, invalidModel);
      inputs.push(name);
      const dims = valueDims(bytes, field);
      if (dims !== undefined) inputDims.set(name, dims);
    } else if (field.number === ONNX.graph.output) outputs.push(valueInfoName(bytes, field, invalidModel));
    else if (field.number === ONNX.graph.initializer) initializers.set(...readInitializer(bytes, field));
  }
  return { nodes, inputs, inputDims, outputs, initializers, opset: defaultOpset(bytes, top, invalidModel) };
}

// Operators that move or relabel values without changing them, so a Softmax before them still decides
// what the output is.
const PASS_THROUGH = new Set(["Identity", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose"]);

const ACTIVATION_OPS: ReadonlyMap<string, OutputActivation> = new Map([
  ["Softmax", "softmax"],
  ["LogSoftmax", "log_softmax"],
  ["Sigmoid", "sigmoid"],
]);

/**
 * What activation the graph applies last on the way to an output: follows the output back through
 * shape-only nodes (Reshape, Flatten, Squeeze...) to the node that computes it. Comparing output values
 * (rows in [0, 1] summing to 1) cannot tell a softmax head from logits that happen to look like
 * probabilities, so the graph is read instead.
 *
 * @param graph - the graph, from {@link readOnnxGraph}
 * @param output - the output name
 * @returns `softmax`, `log_softmax`, `sigmoid`, or `none` for raw scores
 * @throws {@link CtcError} `MODEL_MISMATCH` when the graph has no such output
 */
export function outputActivation(graph: OnnxGraph, output: string): OutputActivation {
  if (!graph.outputs.includes(output)) {
    throw new CtcError("MODEL_MISMATCH", "the graph has no such output", {
      file: "model.onnx",
      field: "output.name",
      expected: graph.outputs,
      actual: output,
    });
  }
  const producer = new Map<string, OnnxNode>();
  for (const node of graph.nodes) for (const name of node.outputs) producer.set(name, node);
  let value = output;
  // The bound stops a cycle in a malformed graph from looping forever.
  for (let step = 0; step <= graph.nodes.length; step++) {
    const node = producer.get(value);
    if (node === undefined || (node.domain !== "" && node.domain !== "ai.onnx")) return "none";
    const activation = ACTIVATION_OPS.get(node.opType);
    if (activation !== undefined) return activation;
    if (!PASS_THROUGH.has(node.opType) || node.inputs.length === 0) return "none";
    value = node.inputs[0];
  }
  return "none";
}
