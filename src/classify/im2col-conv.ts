import {
  type ConvolutionRewriter,
  type FixedInput,
  gatheredPixels,
  joined,
  outputMap,
  type RewrittenConvolutions,
  rewritePlainConvolutions,
  rewriteStep as step,
} from "./conv-rewrite";
import { type OnnxGraph, readOnnxGraph } from "./onnx-graph";
import { int64Initializer, intsAttribute } from "./onnx-proto";

// Output maps of at most 3 x 3 pixels. ONNX Runtime's convolution kernels work through output rows a few
// pixels at a time and spend most of their time on borders there: on ResNet-18 the 2 x 2-output,
// stride-2 convolution of stage 4 at 64 x 64 ran at about 45 GFLOP/s with two threads, where the 32 x 32
// stem ran at about 300. Maps of 4 x 4 (stage 3's stride-2 convolution at 64 x 64) gained nothing.
const MAX_OUTPUT_PIXELS = 9;
// Opset 11 is the first with Pad taking its pads as an input.
const MIN_OPSET = 11;

/**
 * Rewrite the convolutions of an ONNX graph whose output maps have at most 3 x 3 pixels as one matrix
 * product each over gathered patches (im2col), for a fixed input size. The last stride-2 convolutions of
 * a ResNet (64 x 64 input: 4 x 4 to 2 x 2 maps; 96 x 96: 6 x 6 to 3 x 3) are such convolutions.
 *
 * The patches are one `Gather` from the map laid out pixels first, with a zero pixel for taps that fall
 * into the padding; the weights, reordered tap by tap, are the right operand of one `MatMul` with rows
 * of ho * wo * N patches, which ONNX Runtime packs once at load. The multiply-adds are those of the
 * direct convolution, padding included, but a matrix product runs them at full speed where the
 * convolution's kernels do not: ResNet-18 in batches of 16 ran 4-9% faster with one thread, 3-7% with
 * two. Results change only by float rounding.
 *
 * Only plain convolutions are touched, as for {@link denseSmallConvolutions}; a graph fixed at one cell per
 * run is left alone (one cell gives the product too few rows). The rewritten graph takes only the fixed
 * input size; another pixel count fails in a `Reshape`.
 *
 * @param model - bytes of the ONNX model
 * @param input - the image input's channels, height and width (and name, if the graph has several inputs)
 * @param graph - the model's graph, when the caller has read it already
 * @returns the model, rewritten where it pays, and the convolutions rewritten
 * @throws {@link CtcError} `MODEL_INVALID` when the bytes are not an ONNX protobuf
 */
export function im2colConvolutions(
  model: Uint8Array,
  input: FixedInput,
  graph: OnnxGraph = readOnnxGraph(model),
): RewrittenConvolutions {
  return rewritePlainConvolutions(model, input, [im2colRewriter], graph);
}

/** The im2col rewrite of one convolution, for {@link rewritePlainConvolutions}. */
export const im2colRewriter: ConvolutionRewriter = {
  minOpset: MIN_OPSET,
  rewrite({ node, from, to, weights, bias, window }) {
    const [ho, wo] = window.output;
    if (ho * wo > MAX_OUTPUT_PIXELS) return undefined;
    const [kh, kw] = window.kernel;
    const [H, W] = [from.height, from.width];
    const C = from.channels;
    const O = to.channels;
    // For output pixel (i, j) and tap (ky, kx): the pixel it reads, or H * W, a zero pixel appended
    // after the map, where it falls into the padding.
    const patchPixels: number[] = [];
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++) {
            const y = i * window.strides[0] - window.padBegin[0] + ky * window.dilations[0];
            const x = j * window.strides[1] - window.padBegin[1] + kx * window.dilations[1];
            patchPixels.push(y >= 0 && y < H && x >= 0 && x < W ? y * W + x : H * W);
          }
    const out = node.outputs[0];
    const name = (suffix: string) => `${out}/im2col/${suffix}`;
    return joined(
      gatheredPixels(node.inputs[0], H, W, { dims: [ho * wo, kh * kw], values: patchPixels }, name),
      {
        initializers: [
          int64Initializer(name("taps_by_output"), [2], [kh * kw * C, O]),
          int64Initializer(name("patch_rows"), [3], [ho * wo, -1, kh * kw * C]),
        ],
        nodes: [
          // Weights as (taps * C) x O, tap-major like the patches' columns.
          step("Transpose", [weights], name("taps_first"), [intsAttribute("perm", [2, 3, 1, 0])]),
          step("Reshape", [name("taps_first"), name("taps_by_output")], name("matrix")),
          // (ho*wo, taps, N, C) to one row of taps * C values per output pixel and cell.
          step("Transpose", [name("gathered")], name("cell_patches"), [intsAttribute("perm", [0, 2, 1, 3])]),
          step("Reshape", [name("cell_patches"), name("patch_rows")], name("rows")),
          step("MatMul", [name("rows"), name("matrix")], name("product")),
        ],
      },
      outputMap(name("product"), out, { channels: O, height: ho, width: wo }, bias, name),
    );
  },
};
