import { concatBytes } from "../core/bytes";
import { CtcError } from "../core/errors";
import type { ScoreOp } from "./bioimageio-ops";
import {
  defaultOpset,
  floatAttribute,
  floatInitializer,
  intsAttribute,
  nodeField,
  ONNX,
  rewriteGraph,
  valueInfoName,
} from "./onnx-proto";
import { type ProtoField, readFields, writeField } from "./protobuf";

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

function corrupt(message: string): never {
  throw new CtcError("MODEL_INVALID", `the ONNX weights are not a readable protobuf: ${message}`, {
    field: "weights.onnx",
  });
}

const fieldsOf = (bytes: Uint8Array, f: ProtoField) => readFields(bytes, f.payloadStart, f.end, corrupt);
const payload = (bytes: Uint8Array, f: ProtoField) => bytes.subarray(f.payloadStart, f.end);

/** A ValueInfoProto named `name` with the type of `info`, its shape's dimensions reordered by `order`. */
function renamedValueInfo(
  bytes: Uint8Array,
  info: ProtoField,
  name: string,
  order?: readonly number[],
): Uint8Array {
  const parts = [writeField.string(ONNX.valueInfo.name, name)];
  for (const f of fieldsOf(bytes, info)) {
    if (f.number === ONNX.valueInfo.name) continue;
    if (f.number !== ONNX.valueInfo.type || order === undefined) {
      parts.push(bytes.subarray(f.start, f.end));
      continue;
    }
    const type = fieldsOf(bytes, f).map((t) => {
      if (t.number !== ONNX.type.tensor) return bytes.subarray(t.start, t.end);
      const tensor = fieldsOf(bytes, t).map((s) => {
        if (s.number !== ONNX.tensorType.shape) return bytes.subarray(s.start, s.end);
        const dims = fieldsOf(bytes, s).filter((d) => d.number === ONNX.shape.dim);
        // A declared shape of another rank is left for ONNX Runtime to report when it loads the graph.
        const reordered = dims.length === order.length ? order.map((k) => dims[k]) : dims;
        return writeField.bytes(
          ONNX.tensorType.shape,
          concatBytes(reordered.map((d) => bytes.subarray(d.start, d.end))),
        );
      });
      return writeField.bytes(ONNX.type.tensor, concatBytes(tensor));
    });
    parts.push(writeField.bytes(ONNX.valueInfo.type, concatBytes(type)));
  }
  return writeField.bytes(ONNX.graph.input, concatBytes(parts));
}

/** A float constant: a scalar, or `[1, K]` so it broadcasts over batch x class. */
function constant(name: string, value: number | readonly number[]): Uint8Array {
  return typeof value === "number"
    ? floatInitializer(name, [], [value])
    : floatInitializer(name, [1, value.length], value);
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
  const opset = defaultOpset(model, readFields(model, 0, model.length, corrupt), corrupt);
  const input = inputPerm === undefined ? plan.input : `${plan.input}.nchw`;
  const output = outputPerm === undefined && ops.length === 0 ? plan.output : `${plan.output}.bioimageio`;

  const head: Uint8Array[] = [];
  const tail: Uint8Array[] = [];
  const initializers: Uint8Array[] = [];
  if (inputPerm !== undefined)
    head.push(
      nodeField("Transpose", "bioimageio/input", [input], [plan.input], [intsAttribute("perm", inputPerm)]),
    );
  let value = plan.output;
  const steps: { op: string; inputs: string[]; attributes?: Uint8Array[] }[] = [];
  if (outputPerm !== undefined)
    steps.push({ op: "Transpose", inputs: [], attributes: [intsAttribute("perm", outputPerm)] });
  ops.forEach((op, i) => {
    const named = (suffix: string, v: number | readonly number[]) => {
      const name = `bioimageio/post${i}/${suffix}`;
      initializers.push(constant(name, v));
      return name;
    };
    if (op.op === "sigmoid") steps.push({ op: "Sigmoid", inputs: [] });
    else if (op.op === "affine") {
      steps.push({ op: "Mul", inputs: [named("gain", op.gain)] });
      steps.push({ op: "Add", inputs: [named("offset", op.offset)] });
    } else if (opset >= 11) {
      steps.push({ op: "Clip", inputs: [named("min", op.min), named("max", op.max)] });
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
      nodeField(step.op, `bioimageio/post/${i}/${step.op}`, [value, ...step.inputs], [next], step.attributes),
    );
    value = next;
  });

  let foundInput = false;
  let foundOutput = false;
  const adapted = rewriteGraph(model, corrupt, (fields) => {
    const body: Uint8Array[] = [...head];
    for (const f of fields) {
      const whole = model.subarray(f.start, f.end);
      if (f.number === ONNX.graph.input && f.wire === 2 && valueInfoName(model, f, corrupt) === plan.input) {
        foundInput = true;
        body.push(inputPerm === undefined ? whole : renamedValueInfo(model, f, input, inverse(inputPerm)));
      } else if (
        f.number === ONNX.graph.output &&
        f.wire === 2 &&
        valueInfoName(model, f, corrupt) === plan.output
      ) {
        foundOutput = true;
        const info = renamedValueInfo(model, f, output, outputPerm);
        // Same message, but listed as a graph output (field 12), not an input.
        const fields = readFields(info, 0, info.length, corrupt)[0];
        body.push(writeField.bytes(ONNX.graph.output, payload(info, fields)));
      } else body.push(whole);
    }
    return [...body, ...tail, ...initializers];
  });
  if (!foundInput || !foundOutput) {
    throw new CtcError("MODEL_INVALID", "the ONNX graph has no such value", {
      field: !foundInput ? "inputs[0]" : "outputs[0]",
      expected: !foundInput ? plan.input : plan.output,
    });
  }
  return { model: adapted, input, output };
}
