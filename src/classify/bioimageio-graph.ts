import { CtcError } from "../core/errors";
import type { ScoreOp } from "./bioimageio-ops";

/**
 * How to adapt a package's graph to the classifier's contract (N x C x H x W float input, N x K scores):
 * a Transpose in front of the image input, and a Transpose plus the postprocessing behind the output.
 */
export interface GraphAdaptation {
  /** The graph's image input. */
  readonly input: string;
  /** `Transpose` perm from N x C x H x W to the graph's layout; absent when it is N x C x H x W. */
  readonly inputPerm?: readonly number[];
  /** The graph's score output. */
  readonly output: string;
  /** `Transpose` perm from the graph's output layout to batch x class; absent when already so. */
  readonly outputPerm?: readonly number[];
  /** Postprocessing, on batch x class scores. */
  readonly ops: readonly ScoreOp[];
  /** Values per cell, for per-class constants. */
  readonly classes: number;
}

/** The adapted graph and the names of its new input and output. */
export interface AdaptedGraph {
  /** Bytes of the adapted ONNX model (the original bytes when nothing changed). */
  readonly model: Uint8Array;
  /** Input that takes N x C x H x W. */
  readonly input: string;
  /** Output that gives the postprocessed batch x class scores. */
  readonly output: string;
}

// Field numbers from onnx.proto.
const MODEL_GRAPH = 7;
const MODEL_OPSET = 8;
const OPSET_DOMAIN = 1;
const OPSET_VERSION = 2;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const VALUE_NAME = 1;
const VALUE_TYPE = 2;
const TYPE_TENSOR = 1;
const TENSOR_TYPE_SHAPE = 2;
const SHAPE_DIM = 1;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_NAME = 3;
const NODE_OP_TYPE = 4;
const NODE_ATTRIBUTE = 5;
const ATTR_NAME = 1;
const ATTR_FLOAT = 2;
const ATTR_INTS = 8;
const ATTR_TYPE = 20;
const ATTR_TYPE_FLOAT = 1;
const ATTR_TYPE_INTS = 7;
const TENSOR_DIMS = 1;
const TENSOR_DATA_TYPE = 2;
const TENSOR_FLOAT_DATA = 4;
const TENSOR_NAME = 8;
const FLOAT = 1;

/** One protobuf field: its number, wire type, whole bytes (key included) and payload. */
interface Field {
  readonly number: number;
  readonly wire: number;
  readonly start: number;
  readonly end: number;
  readonly payloadStart: number;
  readonly value: number;
}

function corrupt(message: string): never {
  throw new CtcError("MODEL_INVALID", `the ONNX weights are not a readable protobuf: ${message}`, {
    field: "weights.onnx",
  });
}

function readFields(bytes: Uint8Array, from = 0, to = bytes.length): Field[] {
  const out: Field[] = [];
  let at = from;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (at >= to) corrupt("varint runs past its message");
      const byte = bytes[at++];
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    return corrupt("varint longer than 10 bytes");
  };
  while (at < to) {
    const start = at;
    const key = varint();
    const wire = key % 8;
    const number = Math.floor(key / 8);
    let value = 0;
    let payloadStart = at;
    if (wire === 0) value = varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      value = varint();
      payloadStart = at;
      at += value;
    } else corrupt(`unsupported wire type ${wire}`);
    if (at > to) corrupt(`field ${number} runs past its message`);
    out.push({ number, wire, start, end: at, payloadStart, value });
  }
  return out;
}

function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 128) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Protobuf field writers. */
const pb = {
  bytes: (number: number, payload: Uint8Array): Uint8Array =>
    concat([Uint8Array.from([...varintBytes(number * 8 + 2), ...varintBytes(payload.length)]), payload]),
  string: (number: number, text: string): Uint8Array => pb.bytes(number, encoder.encode(text)),
  varint: (number: number, value: number): Uint8Array =>
    Uint8Array.from([...varintBytes(number * 8), ...varintBytes(value)]),
  float: (number: number, value: number): Uint8Array => {
    const out = new Uint8Array([...varintBytes(number * 8 + 5), 0, 0, 0, 0]);
    new DataView(out.buffer).setFloat32(out.length - 4, value, true);
    return out;
  },
};

function payload(bytes: Uint8Array, f: Field): Uint8Array {
  return bytes.subarray(f.payloadStart, f.end);
}

function valueName(bytes: Uint8Array, f: Field): string {
  const name = readFields(bytes, f.payloadStart, f.end).find((g) => g.number === VALUE_NAME && g.wire === 2);
  return name === undefined ? "" : decoder.decode(payload(bytes, name));
}

/** A ValueInfoProto named `name` with the type of `info`, its shape's dimensions reordered by `order`. */
function renamedValueInfo(
  bytes: Uint8Array,
  info: Field,
  name: string,
  order?: readonly number[],
): Uint8Array {
  const parts = [pb.string(VALUE_NAME, name)];
  for (const f of readFields(bytes, info.payloadStart, info.end)) {
    if (f.number === VALUE_NAME) continue;
    if (f.number !== VALUE_TYPE || order === undefined) {
      parts.push(bytes.subarray(f.start, f.end));
      continue;
    }
    const type = readFields(bytes, f.payloadStart, f.end).map((t) => {
      if (t.number !== TYPE_TENSOR) return bytes.subarray(t.start, t.end);
      const tensor = readFields(bytes, t.payloadStart, t.end).map((s) => {
        if (s.number !== TENSOR_TYPE_SHAPE) return bytes.subarray(s.start, s.end);
        const dims = readFields(bytes, s.payloadStart, s.end).filter((d) => d.number === SHAPE_DIM);
        // A declared shape of another rank is left for ONNX Runtime to report when it loads the graph.
        const reordered = dims.length === order.length ? order.map((k) => dims[k]) : dims;
        return pb.bytes(TENSOR_TYPE_SHAPE, concat(reordered.map((d) => bytes.subarray(d.start, d.end))));
      });
      return pb.bytes(TYPE_TENSOR, concat(tensor));
    });
    parts.push(pb.bytes(VALUE_TYPE, concat(type)));
  }
  return pb.bytes(GRAPH_INPUT, concat(parts));
}

function node(
  op: string,
  name: string,
  inputs: readonly string[],
  output: string,
  attributes: Uint8Array[] = [],
) {
  return pb.bytes(
    GRAPH_NODE,
    concat([
      ...inputs.map((i) => pb.string(NODE_INPUT, i)),
      pb.string(NODE_OUTPUT, output),
      pb.string(NODE_NAME, name),
      pb.string(NODE_OP_TYPE, op),
      ...attributes.map((a) => pb.bytes(NODE_ATTRIBUTE, a)),
    ]),
  );
}

function intsAttribute(name: string, values: readonly number[]): Uint8Array {
  return concat([
    pb.string(ATTR_NAME, name),
    ...values.map((v) => pb.varint(ATTR_INTS, v)),
    pb.varint(ATTR_TYPE, ATTR_TYPE_INTS),
  ]);
}

function floatAttribute(name: string, value: number): Uint8Array {
  return concat([
    pb.string(ATTR_NAME, name),
    pb.float(ATTR_FLOAT, value),
    pb.varint(ATTR_TYPE, ATTR_TYPE_FLOAT),
  ]);
}

/** A float initializer: a scalar, or `[1, K]` so it broadcasts over batch x class. */
function initializer(name: string, value: number | readonly number[]): Uint8Array {
  const values = typeof value === "number" ? [value] : value;
  const dims = typeof value === "number" ? [] : [1, values.length];
  const data = new Uint8Array(values.length * 4);
  const view = new DataView(data.buffer);
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return pb.bytes(
    GRAPH_INITIALIZER,
    concat([
      ...dims.map((d) => pb.varint(TENSOR_DIMS, d)),
      pb.varint(TENSOR_DATA_TYPE, FLOAT),
      pb.bytes(TENSOR_FLOAT_DATA, data),
      pb.string(TENSOR_NAME, name),
    ]),
  );
}

function defaultOpset(bytes: Uint8Array, model: readonly Field[]): number {
  for (const f of model) {
    if (f.number !== MODEL_OPSET || f.wire !== 2) continue;
    const entry = readFields(bytes, f.payloadStart, f.end);
    const domain = entry.find((e) => e.number === OPSET_DOMAIN);
    const name = domain === undefined ? "" : decoder.decode(payload(bytes, domain));
    const version = entry.find((e) => e.number === OPSET_VERSION);
    if ((name === "" || name === "ai.onnx") && version !== undefined) return version.value;
  }
  return corrupt("no opset for the default domain");
}

function inverse(perm: readonly number[]): number[] {
  const out = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    out[p] = i;
  });
  return out;
}

/**
 * Rewrite an ONNX model so the classifier can run it as it runs its own: a `Transpose` turns the
 * N x C x H x W batch into the layout the graph takes (e.g. N x H x W x C), and the postprocessing the
 * rdf declares (`Sigmoid`, affine `Mul`/`Add`, `Clip`) follows the output. The weights are copied
 * untouched; nothing is re-encoded but the graph's inputs, outputs and the new nodes.
 *
 * @param model - bytes of the package's ONNX weights
 * @param plan - input and output names, layouts and postprocessing
 * @returns the adapted model and its input and output names
 * @throws {@link CtcError} `MODEL_INVALID` when the bytes are not an ONNX protobuf, or the graph lacks
 * the named input or output
 */
export function adaptGraph(model: Uint8Array, plan: GraphAdaptation): AdaptedGraph {
  const { inputPerm, outputPerm, ops } = plan;
  if (inputPerm === undefined && outputPerm === undefined && ops.length === 0) {
    return { model, input: plan.input, output: plan.output };
  }
  const top = readFields(model);
  const graph = top.find((f) => f.number === MODEL_GRAPH && f.wire === 2);
  if (graph === undefined) return corrupt("no graph");
  const opset = defaultOpset(model, top);
  const input = inputPerm === undefined ? plan.input : `${plan.input}.nchw`;
  const output = outputPerm === undefined && ops.length === 0 ? plan.output : `${plan.output}.bioimageio`;

  const head: Uint8Array[] = [];
  const tail: Uint8Array[] = [];
  const initializers: Uint8Array[] = [];
  if (inputPerm !== undefined)
    head.push(node("Transpose", "bioimageio/input", [input], plan.input, [intsAttribute("perm", inputPerm)]));
  let value = plan.output;
  const steps: { op: string; inputs: string[]; attributes?: Uint8Array[] }[] = [];
  if (outputPerm !== undefined)
    steps.push({ op: "Transpose", inputs: [], attributes: [intsAttribute("perm", outputPerm)] });
  ops.forEach((op, i) => {
    const constant = (suffix: string, v: number | readonly number[]) => {
      const name = `bioimageio/post${i}/${suffix}`;
      initializers.push(initializer(name, v));
      return name;
    };
    if (op.op === "sigmoid") steps.push({ op: "Sigmoid", inputs: [] });
    else if (op.op === "affine") {
      steps.push({ op: "Mul", inputs: [constant("gain", op.gain)] });
      steps.push({ op: "Add", inputs: [constant("offset", op.offset)] });
    } else if (opset >= 11) {
      steps.push({ op: "Clip", inputs: [constant("min", op.min), constant("max", op.max)] });
    } else {
      // Before opset 11 Clip took its bounds as attributes.
      steps.push({
        op: "Clip",
        inputs: [],
        attributes: [floatAttribute("min", op.min), floatAttribute("max", op.max)],
      });
    }
  });
  steps.forEach((step, i) => {
    const next = i === steps.length - 1 ? output : `bioimageio/post/${i}`;
    tail.push(
      node(step.op, `bioimageio/post/${i}/${step.op}`, [value, ...step.inputs], next, step.attributes),
    );
    value = next;
  });

  let foundInput = false;
  let foundOutput = false;
  const body: Uint8Array[] = [...head];
  for (const f of readFields(model, graph.payloadStart, graph.end)) {
    const whole = model.subarray(f.start, f.end);
    if (f.number === GRAPH_INPUT && f.wire === 2 && valueName(model, f) === plan.input) {
      foundInput = true;
      body.push(inputPerm === undefined ? whole : renamedValueInfo(model, f, input, inverse(inputPerm)));
    } else if (f.number === GRAPH_OUTPUT && f.wire === 2 && valueName(model, f) === plan.output) {
      foundOutput = true;
      const info = renamedValueInfo(model, f, output, outputPerm);
      // Same message, but listed as a graph output (field 12), not an input.
      const fields = readFields(info, 0, info.length)[0];
      body.push(pb.bytes(GRAPH_OUTPUT, payload(info, fields)));
    } else body.push(whole);
  }
  if (!foundInput || !foundOutput) {
    throw new CtcError("MODEL_INVALID", "the ONNX graph has no such value", {
      field: !foundInput ? "inputs[0]" : "outputs[0]",
      expected: !foundInput ? plan.input : plan.output,
    });
  }
  body.push(...tail, ...initializers);
  const parts = top.map((f) =>
    f === graph ? pb.bytes(MODEL_GRAPH, concat(body)) : model.subarray(f.start, f.end),
  );
  return { model: concat(parts), input, output };
}
