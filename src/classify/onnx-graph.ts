import { CtcError } from "../core/errors";
import type { OutputActivation } from "./bundle-schema";

/** One node of an ONNX graph, as far as the classifier needs it. */
export interface OnnxNode {
  /** Operator type (`Conv`, `Softmax`...). */
  readonly opType: string;
  /** Operator domain; empty for the default ONNX domain. */
  readonly domain: string;
  /** Names of the values it reads. */
  readonly inputs: readonly string[];
  /** Names of the values it writes. */
  readonly outputs: readonly string[];
}

/** The nodes and output names of an ONNX graph (weights are skipped, never copied). */
export interface OnnxGraph {
  /** Nodes in file order. */
  readonly nodes: readonly OnnxNode[];
  /** Graph output names. */
  readonly outputs: readonly string[];
}

// Field numbers from onnx.proto: ModelProto.graph = 7; GraphProto.node = 1, output = 12;
// NodeProto.input = 1, output = 2, op_type = 4, domain = 7; ValueInfoProto.name = 1.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_OUTPUT = 12;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_OP_TYPE = 4;
const NODE_DOMAIN = 7;
const VALUE_INFO_NAME = 1;

type Field = { readonly number: number; readonly start: number; readonly end: number };

function corrupt(message: string): never {
  throw new CtcError("MODEL_INVALID", `model.onnx is not a readable ONNX protobuf: ${message}`, {
    file: "model.onnx",
  });
}

/** Length-delimited fields of one protobuf message; other wire types are skipped. */
function* fields(bytes: Uint8Array, start: number, end: number): Generator<Field> {
  let at = start;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (at >= end) corrupt("varint runs past the end of its message");
      const byte = bytes[at++];
      // Multiplication, not shifts: lengths of large models pass 2^31.
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    return corrupt("varint longer than 10 bytes");
  };
  while (at < end) {
    const key = varint();
    const wire = key % 8;
    const number = Math.floor(key / 8);
    if (wire === 0) varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const length = varint();
      if (at + length > end) corrupt(`field ${number} runs past the end of its message`);
      yield { number, start: at, end: at + length };
      at += length;
    } else corrupt(`unsupported wire type ${wire}`);
    if (at > end) corrupt("field runs past the end of its message");
  }
}

const decoder = new TextDecoder();

/**
 * Read the node list and output names of an ONNX model with a minimal protobuf reader. Weights are
 * skipped by length, so this costs microseconds even for large models.
 *
 * @param bytes - bytes of `model.onnx`
 * @returns the graph's nodes and outputs
 * @throws {@link CtcError} `MODEL_INVALID` when the bytes are not a protobuf or hold no graph
 */
export function readOnnxGraph(bytes: Uint8Array): OnnxGraph {
  let graph: Field | undefined;
  for (const field of fields(bytes, 0, bytes.length)) if (field.number === MODEL_GRAPH) graph = field;
  if (graph === undefined) return corrupt("no graph");
  const nodes: OnnxNode[] = [];
  const outputs: string[] = [];
  const text = (f: Field) => decoder.decode(bytes.subarray(f.start, f.end));
  for (const field of fields(bytes, graph.start, graph.end)) {
    if (field.number === GRAPH_NODE) {
      const inputs: string[] = [];
      const nodeOutputs: string[] = [];
      let opType = "";
      let domain = "";
      for (const f of fields(bytes, field.start, field.end)) {
        if (f.number === NODE_INPUT) inputs.push(text(f));
        else if (f.number === NODE_OUTPUT) nodeOutputs.push(text(f));
        else if (f.number === NODE_OP_TYPE) opType = text(f);
        else if (f.number === NODE_DOMAIN) domain = text(f);
      }
      nodes.push({ opType, domain, inputs, outputs: nodeOutputs });
    } else if (field.number === GRAPH_OUTPUT) {
      for (const f of fields(bytes, field.start, field.end))
        if (f.number === VALUE_INFO_NAME) outputs.push(text(f));
    }
  }
  return { nodes, outputs };
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
