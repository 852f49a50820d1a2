import {
  type ConvolutionRewriter,
  type FixedInput,
  type RewrittenConvolutions,
  rewritePlainConvolutions,
  rewriteStep as step,
} from "./conv-rewrite";
import { type OnnxGraph, readOnnxGraph } from "./onnx-graph";
import { floatInitializer, int64Initializer, intAttribute, intsAttribute } from "./onnx-proto";

// A rewrite must at least halve the multiply-adds the direct convolution does (padding included):
// on 3 x 3 kernels that means maps of at most 4 pixels, where ONNX Runtime's convolution kernels spend
// most of their time on borders.
const MAX_DENSE_SHARE = 0.5;
// Folded dense weights live in the session's memory; beyond this a rewrite costs more than it saves.
const MAX_DENSE_BYTES = 64 * 1024 * 1024;
// Opset 5 is the first with Reshape taking its shape as an input.
const MIN_OPSET = 5;

/**
 * Rewrite the convolutions of an ONNX graph that run on tiny feature maps (the last stage of a ResNet
 * at 64 x 64 works on 2 x 2 maps) as one matrix product each, for a fixed input size.
 *
 * On a map of h x w pixels a convolution is a linear map from C*h*w values to O*ho*wo values. The
 * rewrite builds that matrix from the convolution's own weights with a `Gather` over kernel taps (zero
 * where a tap falls into the padding), all from initializers, so ONNX Runtime folds it into a constant
 * when the session loads and the file barely grows. It is done only where the matrix needs at most half
 * the multiply-adds of the direct convolution, because there the runtime's convolution spends its time
 * on borders and a matrix product runs at full speed. Results change only by float rounding (the sums
 * run in another order).
 *
 * A graph whose batch size is fixed at 1 is returned as it is: matrix-vector products stream the larger
 * matrices once per cell and run slower than the convolutions. Only plain convolutions are touched: one
 * group, float weights and bias stored as initializers that are not also graph inputs, and an input
 * whose size follows from the model's fixed input size (see {@link featureMapShapes}). Everything else is
 * copied byte for byte.
 *
 * @param model - bytes of the ONNX model
 * @param input - the image input's channels, height and width (and name, if the graph has several inputs)
 * @param graph - the model's graph, when the caller has read it already
 * @returns the model, rewritten where it pays, and the convolutions rewritten
 * @throws {@link CtcError} `MODEL_INVALID` when the bytes are not an ONNX protobuf
 */
export function denseSmallConvolutions(
  model: Uint8Array,
  input: FixedInput,
  graph: OnnxGraph = readOnnxGraph(model),
): RewrittenConvolutions {
  return rewritePlainConvolutions(model, input, [denseRewriter], graph);
}

/** The dense rewrite of one convolution, for {@link rewritePlainConvolutions}. */
export const denseRewriter: ConvolutionRewriter = {
  minOpset: MIN_OPSET,
  rewrite({ node, from, to, weights, bias, window }) {
    const [kh, kw] = window.kernel;
    const pixelsIn = from.height * from.width;
    const pixelsOut = to.height * to.width;
    const dense = from.channels * pixelsIn * to.channels * pixelsOut;
    if (dense > MAX_DENSE_SHARE * to.channels * pixelsOut * from.channels * kh * kw) return undefined;
    if (dense * 4 > MAX_DENSE_BYTES) return undefined;

    // taps[y, x, i, j] = the kernel tap linking input pixel (y, x) to output pixel (i, j), or 0 with a
    // zero in mask where none does.
    const taps = new Array<number>(pixelsIn * pixelsOut).fill(0);
    const mask = new Array<number>(pixelsIn * pixelsOut).fill(0);
    for (let i = 0; i < to.height; i++)
      for (let j = 0; j < to.width; j++)
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++) {
            const y = i * window.strides[0] - window.padBegin[0] + ky * window.dilations[0];
            const x = j * window.strides[1] - window.padBegin[1] + kx * window.dilations[1];
            if (y < 0 || y >= from.height || x < 0 || x >= from.width) continue;
            const at = (y * from.width + x) * pixelsOut + i * to.width + j;
            taps[at] = ky * kw + kx;
            mask[at] = 1;
          }
    const out = node.outputs[0];
    const name = (suffix: string) => `${out}/dense/${suffix}`;
    const C = from.channels;
    const O = to.channels;
    const initializers = [
      int64Initializer(name("tap_shape"), [3], [C, kh * kw, O]),
      int64Initializer(name("taps"), [from.height, from.width, to.height, to.width], taps),
      int64Initializer(name("matrix_shape"), [2], [C * pixelsIn, O * pixelsOut]),
      // 0 keeps the batch dimension, so a wrong size fails loudly instead of folding cells together.
      int64Initializer(name("rows_shape"), [2], [0, C * pixelsIn]),
      int64Initializer(name("map_shape"), [4], [0, O, to.height, to.width]),
    ];
    const nodes = [
      step("Transpose", [weights], name("taps_last"), [intsAttribute("perm", [1, 2, 3, 0])]),
      step("Reshape", [name("taps_last"), name("tap_shape")], name("by_tap")),
      step("Gather", [name("by_tap"), name("taps")], name("gathered"), [intAttribute("axis", 1)]),
    ];
    let gathered = name("gathered");
    if (mask.includes(0)) {
      initializers.push(
        floatInitializer(name("mask"), [1, from.height, from.width, to.height, to.width, 1], mask),
      );
      nodes.push(step("Mul", [gathered, name("mask")], name("masked")));
      gathered = name("masked");
    }
    nodes.push(
      step("Transpose", [gathered], name("ordered"), [intsAttribute("perm", [0, 1, 2, 5, 3, 4])]),
      step("Reshape", [name("ordered"), name("matrix_shape")], name("matrix")),
      step("Reshape", [node.inputs[0], name("rows_shape")], name("rows")),
      step("MatMul", [name("rows"), name("matrix")], name("product")),
    );
    let product = name("product");
    if (bias !== undefined) {
      const channelOf = Array.from({ length: O * pixelsOut }, (_, k) => Math.floor(k / pixelsOut));
      initializers.push(int64Initializer(name("bias_index"), [O * pixelsOut], channelOf));
      nodes.push(
        step("Gather", [bias, name("bias_index")], name("bias")),
        step("Add", [product, name("bias")], name("biased")),
      );
      product = name("biased");
    }
    nodes.push(step("Reshape", [product, name("map_shape")], out));
    return { nodes, initializers };
  },
};
