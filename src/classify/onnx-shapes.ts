import type { OnnxAttribute, OnnxGraph, OnnxNode } from "./onnx-graph";

/** Channels and spatial size of an N x C x H x W value (the batch is left free). */
export interface FeatureMapShape {
  /** Channels. */
  readonly channels: number;
  /** Height. */
  readonly height: number;
  /** Width. */
  readonly width: number;
}

/** Padding and output size of a 2-D window (convolution or pooling) over a map. */
export interface Window2d {
  /** Kernel height and width. */
  readonly kernel: readonly [number, number];
  /** Strides. */
  readonly strides: readonly [number, number];
  /** Dilations. */
  readonly dilations: readonly [number, number];
  /** Padding before (top, left). */
  readonly padBegin: readonly [number, number];
  /** Output height and width. */
  readonly output: readonly [number, number];
}

// Operators whose first output has the shape of their first input.
const SAME_SHAPE = new Set([
  "Relu",
  "LeakyRelu",
  "Sigmoid",
  "HardSigmoid",
  "HardSwish",
  "Tanh",
  "Elu",
  "Selu",
  "Celu",
  "Softplus",
  "Softsign",
  "Mish",
  "Gelu",
  "Erf",
  "Exp",
  "Abs",
  "Neg",
  "Sqrt",
  "Reciprocal",
  "Clip",
  "Identity",
  "Dropout",
  "BatchNormalization",
  "InstanceNormalization",
  "LRN",
]);

// Element-wise operators that broadcast; the output keeps the map's shape when every other operand is
// the same map or a constant that broadcasts into it.
const BROADCAST = new Set(["Add", "Sub", "Mul", "Div", "Max", "Min", "Sum", "Pow", "PRelu"]);

const pair = (value: OnnxAttribute | undefined, fallback: number): [number, number] =>
  Array.isArray(value) && value.length === 2 ? [value[0], value[1]] : [fallback, fallback];

/**
 * Where a convolution or pooling window lands on a map of the given size, from the node's attributes
 * (`kernel_shape`, `strides`, `dilations`, `pads`, `auto_pad`, `ceil_mode`), as ONNX defines them.
 *
 * @param node - a Conv, MaxPool or AveragePool node
 * @param kernel - the kernel size (from the weights for Conv, `kernel_shape` otherwise)
 * @param height - input height
 * @param width - input width
 * @returns the window, or `undefined` when the attributes are not 2-D or the output would be empty
 */
export function window2d(
  node: OnnxNode,
  kernel: readonly [number, number],
  height: number,
  width: number,
): Window2d | undefined {
  const a = node.attributes;
  const strides = pair(a.get("strides"), 1);
  const dilations = pair(a.get("dilations"), 1);
  const autoPad = a.get("auto_pad") ?? "NOTSET";
  const ceil = a.get("ceil_mode") === 1;
  const pads = a.get("pads") ?? [0, 0, 0, 0];
  if (!Array.isArray(pads) || pads.length !== 4) return undefined;
  const size = [height, width];
  const padBegin: [number, number] = [0, 0];
  const output: [number, number] = [0, 0];
  for (const d of [0, 1]) {
    const span = dilations[d] * (kernel[d] - 1) + 1;
    if (autoPad === "NOTSET") {
      padBegin[d] = pads[d];
      const room = size[d] + pads[d] + pads[d + 2] - span;
      output[d] = (ceil ? Math.ceil(room / strides[d]) : Math.floor(room / strides[d])) + 1;
      // A ceil-mode window that would start inside the end padding is dropped, as ONNX Runtime does.
      if (ceil && (output[d] - 1) * strides[d] >= size[d] + pads[d]) output[d]--;
    } else if (autoPad === "VALID") {
      output[d] = Math.floor((size[d] - span) / strides[d]) + 1;
    } else if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
      output[d] = Math.ceil(size[d] / strides[d]);
      const total = Math.max((output[d] - 1) * strides[d] + span - size[d], 0);
      padBegin[d] = autoPad === "SAME_UPPER" ? Math.floor(total / 2) : Math.ceil(total / 2);
    } else return undefined;
    if (output[d] < 1) return undefined;
  }
  return { kernel, strides, dilations, padBegin, output };
}

function sameMap(a: FeatureMapShape, b: FeatureMapShape): boolean {
  return a.channels === b.channels && a.height === b.height && a.width === b.width;
}

// A constant of these dimensions broadcasts into an N x C x H x W map without enlarging it.
function fitsInto(dims: readonly number[], map: FeatureMapShape): boolean {
  if (dims.length > 4) return false;
  const target = [map.channels, map.height, map.width];
  const tail = dims.slice(-3);
  const offset = 3 - tail.length;
  if (dims.length === 4 && dims[0] !== 1) return false;
  return tail.every((d, i) => d === 1 || d === target[offset + i]);
}

/**
 * The initializer behind each constant value: initializers a graph input cannot override, and the
 * outputs of `Identity` nodes that copy them (exporters share one weight under several names that way).
 *
 * @param graph - the graph, from {@link readOnnxGraph}
 * @returns the initializer name, by value name
 */
export function constantSources(graph: OnnxGraph): Map<string, string> {
  const sources = new Map<string, string>();
  for (const name of graph.initializers.keys()) if (!graph.inputs.includes(name)) sources.set(name, name);
  for (const node of graph.nodes) {
    const source = sources.get(node.inputs[0]);
    if (node.opType === "Identity" && node.domain === "" && source !== undefined)
      sources.set(node.outputs[0], source);
  }
  return sources;
}

function outputShape(
  node: OnnxNode,
  graph: OnnxGraph,
  constants: ReadonlyMap<string, string>,
  shapes: ReadonlyMap<string, FeatureMapShape>,
): FeatureMapShape | undefined {
  if (node.domain !== "" && node.domain !== "ai.onnx") return undefined;
  const first = shapes.get(node.inputs[0]);
  const op = node.opType;
  if (SAME_SHAPE.has(op)) return first;
  if (BROADCAST.has(op)) {
    const maps = node.inputs.map((name) => shapes.get(name));
    const map = maps.find((m) => m !== undefined);
    if (map === undefined) return undefined;
    const fits = node.inputs.every((name, i) => {
      const known = maps[i];
      if (known !== undefined) return sameMap(known, map);
      const source = constants.get(name);
      return source !== undefined && fitsInto(graph.initializers.get(source)!.dims, map);
    });
    return fits ? map : undefined;
  }
  if (first === undefined) return undefined;
  if (op === "GlobalAveragePool" || op === "GlobalMaxPool") return { ...first, height: 1, width: 1 };
  if (op === "MaxPool" || op === "AveragePool") {
    const kernel = node.attributes.get("kernel_shape");
    if (!Array.isArray(kernel) || kernel.length !== 2) return undefined;
    const window = window2d(node, [kernel[0], kernel[1]], first.height, first.width);
    return window && { channels: first.channels, height: window.output[0], width: window.output[1] };
  }
  if (op === "Conv") {
    const source = constants.get(node.inputs[1]);
    const weights = source === undefined ? undefined : graph.initializers.get(source);
    if (weights === undefined || weights.dims.length !== 4) return undefined;
    const [outChannels, groupChannels, kh, kw] = weights.dims;
    const group = node.attributes.get("group") ?? 1;
    if (typeof group !== "number" || groupChannels * group !== first.channels) return undefined;
    const window = window2d(node, [kh, kw], first.height, first.width);
    return window && { channels: outChannels, height: window.output[0], width: window.output[1] };
  }
  if (op === "Concat") {
    const axis = node.attributes.get("axis");
    if (axis !== 1 && axis !== -3) return undefined;
    const maps = node.inputs.map((name) => shapes.get(name));
    if (maps.some((m) => m === undefined || m.height !== first.height || m.width !== first.width))
      return undefined;
    return { ...first, channels: maps.reduce((n, m) => n + m!.channels, 0) };
  }
  return undefined;
}

/**
 * Propagate a fixed input size through an ONNX graph to learn the channels and spatial size of every
 * N x C x H x W feature map the common image-classifier operators produce (convolution, pooling,
 * normalization, activations, residual additions, channel concatenation). A value produced by any
 * other operator is left out, and so is everything computed from it, so an answer is never a guess.
 *
 * @param graph - the graph, from {@link readOnnxGraph}
 * @param input - the image input's name
 * @param shape - the image input's channels, height and width
 * @returns the shapes known, by value name
 */
export function featureMapShapes(
  graph: OnnxGraph,
  input: string,
  shape: FeatureMapShape,
): Map<string, FeatureMapShape> {
  const shapes = new Map<string, FeatureMapShape>([[input, shape]]);
  const constants = constantSources(graph);
  // Nodes in file order are topologically sorted in a valid model; one pass sees each input first.
  for (const node of graph.nodes) {
    const out = node.outputs.length > 0 ? outputShape(node, graph, constants, shapes) : undefined;
    if (out !== undefined && node.outputs[0] !== "") shapes.set(node.outputs[0], out);
  }
  return shapes;
}
