import { invalidModel, type OnnxGraph, type OnnxNode } from "./onnx-graph";
import { nodeField, ONNX, rewriteGraph } from "./onnx-proto";
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
