import { invalidModel, type OnnxGraph, type OnnxNode, readOnnxGraph } from "./onnx-graph";
import { int64Initializer, intsAttribute, nodeField, ONNX, rewriteGraph } from "./onnx-proto";
import {
  constantSources,
  type FeatureMapShape,
  featureMapShapes,
  type Window2d,
  window2d,
} from "./onnx-shapes";

/** The model's image input: its name (when the graph has several inputs) and its fixed size. */
export interface FixedInput extends FeatureMapShape {
  /** Input name; needed only when the graph has more than one non-constant input. */
  readonly name?: string;
}

/** A convolution a graph rewrite may replace, with everything the rewrite needs to know about it. */
export interface PlainConvolution {
  /** Position of the node in the graph. */
  readonly index: number;
  /** The Conv node. */
  readonly node: OnnxNode;
  /** The map it reads. */
  readonly from: FeatureMapShape;
  /** The map it writes. */
  readonly to: FeatureMapShape;
  /** Initializer holding the O x C x kh x kw weights. */
  readonly weights: string;
  /** Initializer holding the bias, or `undefined` when there is none. */
  readonly bias: string | undefined;
  /** Where its window lands on the input map. */
  readonly window: Window2d;
}

function imageInput(
  graphInputs: readonly string[],
  constants: ReadonlySet<string>,
  name?: string,
): string | undefined {
  if (name !== undefined) return graphInputs.includes(name) ? name : undefined;
  const free = graphInputs.filter((n) => !constants.has(n));
  return free.length === 1 ? free[0] : undefined;
}

/**
 * The convolutions of a graph that a rewrite for a fixed input size may replace: one group, float
 * weights and bias stored as initializers that no graph input can override (also behind `Identity`
 * nodes), and an input map whose size follows from the fixed input (see {@link featureMapShapes}).
 *
 * None are returned for a graph whose batch size is fixed at 1 (every rewrite here turns convolutions
 * into matrix products, which one cell at a time run slower than the convolutions), nor below
 * `minOpset`.
 *
 * @param graph - the graph, from {@link readOnnxGraph}
 * @param input - the image input's size (and name, if the graph has several inputs)
 * @param minOpset - the lowest default-domain opset the rewrite's operators work in
 * @returns the convolutions, in graph order
 */
export function plainConvolutions(graph: OnnxGraph, input: FixedInput, minOpset: number): PlainConvolution[] {
  const image = imageInput(graph.inputs, new Set(graph.initializers.keys()), input.name);
  const oneCell = image !== undefined && graph.inputDims.get(image)?.[0] === 1;
  if (image === undefined || oneCell || graph.opset < minOpset) return [];
  const shapes = featureMapShapes(graph, image, input);
  const weightOf = constantSources(graph);
  const isFloat = (name: string) => graph.initializers.get(name)!.dataType === ONNX.dataType.float;

  const found: PlainConvolution[] = [];
  graph.nodes.forEach((node, index) => {
    if (node.opType !== "Conv" || (node.domain !== "" && node.domain !== "ai.onnx")) return;
    const from = shapes.get(node.inputs[0]);
    const to = shapes.get(node.outputs[0]);
    const weights = weightOf.get(node.inputs[1]);
    const hasBias = node.inputs.length > 2 && node.inputs[2] !== "";
    const bias = hasBias ? weightOf.get(node.inputs[2]) : undefined;
    if (from === undefined || to === undefined || weights === undefined || (hasBias && bias === undefined))
      return;
    if (!isFloat(weights) || (bias !== undefined && !isFloat(bias))) return;
    if ((node.attributes.get("group") ?? 1) !== 1) return;
    const [, , kh, kw] = graph.initializers.get(weights)!.dims;
    const window = window2d(node, [kh, kw], from.height, from.width)!;
    found.push({ index, node, from, to, weights, bias, window });
  });
  return found;
}

/**
 * A node named after its output and operator, the naming every rewrite uses for the nodes it adds.
 *
 * @param op - operator type
 * @param inputs - input value names
 * @param output - output value name
 * @param attributes - encoded attributes
 * @returns the encoded `node` field
 */
export function rewriteStep(op: string, inputs: string[], output: string, attributes: Uint8Array[] = []) {
  return nodeField(op, `${output}/${op}`, inputs, [output], attributes);
}

/**
 * Re-encode a model with some of its nodes replaced and initializers added; everything else is copied
 * byte for byte.
 *
 * @param model - bytes of the ONNX model
 * @param replacements - encoded nodes to put in place of the node at each graph position
 * @param initializers - encoded initializers to append
 * @returns the rewritten model
 */
export function replaceNodes(
  model: Uint8Array,
  replacements: ReadonlyMap<number, readonly Uint8Array[]>,
  initializers: readonly Uint8Array[],
): Uint8Array {
  let nodeIndex = 0;
  return rewriteGraph(model, invalidModel, (fields) => [
    ...fields.flatMap((f) => {
      const replacement =
        f.number === ONNX.graph.node && f.wire === 2 ? replacements.get(nodeIndex++) : undefined;
      return replacement ?? [model.subarray(f.start, f.end)];
    }),
    ...initializers,
  ]);
}

/** The nodes that take one convolution's place and the initializers they read. */
export interface ConvolutionRewrite {
  /** Encoded nodes, in order; the last writes the convolution's output. */
  readonly nodes: readonly Uint8Array[];
  /** Encoded initializers the nodes read. */
  readonly initializers: readonly Uint8Array[];
}

/** One kind of convolution rewrite. */
export interface ConvolutionRewriter {
  /** The lowest default-domain opset its operators work in. */
  readonly minOpset: number;
  /**
   * The rewrite of one convolution, or `undefined` where this kind does not pay.
   *
   * @param conv - the convolution, from {@link plainConvolutions}
   * @returns its replacement, or `undefined`
   */
  rewrite(conv: PlainConvolution): ConvolutionRewrite | undefined;
}

/** A model whose convolutions were rewritten where it pays, and which ones were. */
export interface RewrittenConvolutions {
  /** Bytes of the rewritten model (the original bytes when nothing was rewritten). */
  readonly model: Uint8Array;
  /** Output names of the convolutions that were rewritten, in graph order. */
  readonly rewritten: readonly string[];
}

/**
 * Rewrite the plain convolutions of a graph (see {@link plainConvolutions}) in one pass: each goes to the
 * first rewriter that takes it. One pass over the original graph, because the shapes of feature maps
 * are followed through convolutions, not through the nodes a rewrite puts in their place.
 *
 * @param model - bytes of the ONNX model
 * @param input - the image input's size (and name, if the graph has several inputs)
 * @param rewriters - the kinds of rewrite, in order of preference
 * @param graph - the model's graph, when the caller has read it already
 * @returns the model, rewritten where a rewriter took a convolution, and the convolutions rewritten
 * @throws {@link CtcError} `MODEL_INVALID` when the bytes are not an ONNX protobuf
 */
export function rewritePlainConvolutions(
  model: Uint8Array,
  input: FixedInput,
  rewriters: readonly ConvolutionRewriter[],
  graph: OnnxGraph = readOnnxGraph(model),
): RewrittenConvolutions {
  const usable = rewriters.filter((r) => graph.opset >= r.minOpset);
  const replacements = new Map<number, readonly Uint8Array[]>();
  const initializers: Uint8Array[] = [];
  const rewritten: string[] = [];
  if (usable.length === 0) return { model, rewritten };
  const minOpset = Math.min(...usable.map((r) => r.minOpset));
  for (const conv of plainConvolutions(graph, input, minOpset)) {
    for (const rewriter of usable) {
      const rewrite = rewriter.rewrite(conv);
      if (rewrite === undefined) continue;
      replacements.set(conv.index, rewrite.nodes);
      initializers.push(...rewrite.initializers);
      rewritten.push(conv.node.outputs[0]);
      break;
    }
  }
  return {
    model: rewritten.length === 0 ? model : replaceNodes(model, replacements, initializers),
    rewritten,
  };
}

/** Names a rewritten convolution's nodes and initializers, from a suffix. */
export type RewriteName = (suffix: string) => string;

/**
 * The pixels a rewrite reads from an N x C x H x W map, gathered from the map laid out pixels first
 * (H*W, N, C), so that every gathered piece is a run of N * C values: output `gathered`, of shape
 * (...pixels' dims, N, C). Index H * W reads a zero pixel appended after the map, for taps in the padding.
 *
 * @param map - the map's name
 * @param height - map height
 * @param width - map width
 * @param pixels - pixel indices (row-major, H * W for zero) and their dims
 * @param name - names the nodes and initializers
 * @returns the nodes and their initializers
 */
export function gatheredPixels(
  map: string,
  height: number,
  width: number,
  pixels: { readonly dims: readonly number[]; readonly values: readonly number[] },
  name: RewriteName,
): ConvolutionRewrite {
  return {
    initializers: [
      // 0 keeps the batch and channel dimensions, so an input of another size fails here instead of
      // being misread.
      int64Initializer(name("flat_map"), [3], [0, 0, height * width]),
      int64Initializer(name("zero_pixel"), [6], [0, 0, 0, 1, 0, 0]),
      int64Initializer(name("pixels"), pixels.dims, pixels.values),
    ],
    nodes: [
      rewriteStep("Reshape", [map, name("flat_map")], name("checked")),
      rewriteStep("Transpose", [name("checked")], name("pixels_first"), [intsAttribute("perm", [2, 0, 1])]),
      rewriteStep("Pad", [name("pixels_first"), name("zero_pixel")], name("with_zero")),
      rewriteStep("Gather", [name("with_zero"), name("pixels")], name("gathered")),
    ],
  };
}

/**
 * Outputs laid out pixels first, (h*w, N, O), put back as an N x O x h x w map: cells first in runs of O
 * values, then channels first, a transpose ONNX Runtime merges into the layout change of the
 * convolution that follows. Adds the convolution's bias where it has one.
 *
 * @param outputs - the outputs' name
 * @param map - the name of the map to write (the convolution's output)
 * @param shape - output channels, height and width
 * @param bias - the bias initializer, or `undefined`
 * @param name - names the nodes and initializers
 * @returns the nodes and their initializers
 */
export function outputMap(
  outputs: string,
  map: string,
  shape: { readonly channels: number; readonly height: number; readonly width: number },
  bias: string | undefined,
  name: RewriteName,
): ConvolutionRewrite {
  const { channels, height, width } = shape;
  const unbiased = bias === undefined ? map : name("unbiased");
  return joined(
    {
      initializers: [
        int64Initializer(name("pixels_cells_channels"), [3], [height * width, -1, channels]),
        int64Initializer(name("channels_last_map"), [4], [0, height, width, channels]),
      ],
      nodes: [
        rewriteStep("Reshape", [outputs, name("pixels_cells_channels")], name("output_by_pixel")),
        rewriteStep("Transpose", [name("output_by_pixel")], name("cells_first"), [
          intsAttribute("perm", [1, 0, 2]),
        ]),
        rewriteStep("Reshape", [name("cells_first"), name("channels_last_map")], name("channels_last")),
        rewriteStep("Transpose", [name("channels_last")], unbiased, [intsAttribute("perm", [0, 3, 1, 2])]),
      ],
    },
    biasAddition(unbiased, map, channels, bias, name),
  );
}

/**
 * The addition of a convolution's bias to the N x O x h x w map that a rewrite writes as `unbiased`:
 * nothing where the convolution has no bias (and the rewrite writes the map itself).
 *
 * @param unbiased - the map before the bias
 * @param map - the map to write
 * @param channels - output channels
 * @param bias - the bias initializer, or `undefined`
 * @param name - names the nodes and initializers
 * @returns the nodes and their initializers
 */
export function biasAddition(
  unbiased: string,
  map: string,
  channels: number,
  bias: string | undefined,
  name: RewriteName,
): ConvolutionRewrite {
  if (bias === undefined) return { nodes: [], initializers: [] };
  return {
    initializers: [int64Initializer(name("bias_shape"), [3], [channels, 1, 1])],
    nodes: [
      rewriteStep("Reshape", [bias, name("bias_shape")], name("bias")),
      rewriteStep("Add", [unbiased, name("bias")], map),
    ],
  };
}

/**
 * Rewrite parts joined in order.
 *
 * @param parts - the parts
 * @returns their nodes and initializers, concatenated
 */
export function joined(...parts: readonly ConvolutionRewrite[]): ConvolutionRewrite {
  return { nodes: parts.flatMap((p) => p.nodes), initializers: parts.flatMap((p) => p.initializers) };
}
