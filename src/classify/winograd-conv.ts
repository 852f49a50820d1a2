import {
  biasAddition,
  type ConvolutionRewrite,
  type ConvolutionRewriter,
  type FixedInput,
  gatheredPixels,
  joined,
  outputMap,
  type PlainConvolution,
  type RewriteName,
  type RewrittenConvolutions,
  rewritePlainConvolutions,
  rewriteStep as step,
} from "./conv-rewrite";
import { type OnnxGraph, readOnnxGraph } from "./onnx-graph";
import { floatInitializer, int64Initializer, intAttribute, intsAttribute } from "./onnx-proto";
import { winogradMatrices } from "./winograd";

/**
 * How the tile points of a rewritten convolution meet their weights:
 *
 * - `"per-point"`: one matrix product per tile point, each with 2-D constant weights that ONNX Runtime
 *   packs once when the session loads. The fewest operations; fastest on one thread.
 * - `"batched"`: one batched matrix product over all tile points: one large operator splits across
 *   threads better than (m + 2)^2 small ones, each of which waits for every thread. On maps of several
 *   tiles the tiles are the left operand and the 3-D weights are repacked on every run (4-12% faster
 *   than per-point products with two threads on ResNet-18, 0-2% slower with one). On a map of one tile
 *   the weights would dwarf the tiles, so there they are the left operand, which the matrix kernel
 *   reads in place, and the tiles the (transposed) right one (ResNet-18 at 64 x 64 about 5-6% faster
 *   with two threads than per-point products there, 0-1% slower with one).
 */
export type WinogradProducts = "per-point" | "batched";

/** Options of {@link winogradConvolutions}. */
export interface WinogradOptions {
  /** The products' layout; default `"per-point"`. */
  readonly products?: WinogradProducts;
}

// Tile sizes tried: F(2x2, 3x3) to F(4x4, 3x3). Larger tiles need the points +-1/2, whose transforms
// lose more of float32's precision.
const TILE_SIZES = [2, 3, 4];
// Estimated work must fall below this share of the direct convolution's multiply-adds. Calibrated on
// ResNet-18 with ONNX Runtime's CPU kernels: its 128-, 256- and 512-channel stages (estimates 0.33-0.35)
// made the whole network 1.3-1.4x faster; adding the 64-channel stage (0.45) made it 0.96x, because
// there the transforms cost as much as they save.
const MAX_WORK_SHARE = 0.4;
// Transformed weights live in the session's memory, like the dense rewrite's matrices.
const MAX_WEIGHT_BYTES = 64 * 1024 * 1024;
// Opset 11 is the first with Pad taking its pads as an input.
const MIN_OPSET = 11;

// The 2-D transform of a 1-D one (rows x cols, row-major): its Kronecker product with itself, which maps
// a flattened cols x cols tile to a flattened rows x rows one.
function twoDimensional(matrix: Float64Array, cols: number): number[] {
  const rows = matrix.length / cols;
  const out: number[] = [];
  for (let i = 0; i < rows; i++)
    for (let k = 0; k < rows; k++)
      for (let j = 0; j < cols; j++)
        for (let l = 0; l < cols; l++) out.push(matrix[i * cols + j] * matrix[k * cols + l]);
  return out;
}

/** A tile size and the tiles it takes. */
interface Tiling {
  /** Outputs per tile side. */
  readonly m: number;
  /** Tiles down and across. */
  readonly tiles: readonly [number, number];
  /** Estimated multiply-adds per input and output channel pair, transforms included. */
  readonly work: number;
}

// The tile size with the least estimated work among those whose weights fit the memory cap, counting
// the transforms: per tile n^2 products per channel pair, plus n^4 / O for the input transform and
// m^2 n^2 / C for the output transform (both are matrix products over a tile's values).
function bestTiling(
  height: number,
  width: number,
  channels: number,
  outChannels: number,
): Tiling | undefined {
  const options = TILE_SIZES.filter((m) => (m + 2) ** 2 * channels * outChannels * 4 <= MAX_WEIGHT_BYTES).map(
    (m): Tiling => {
      const n = m + 2;
      const tiles: [number, number] = [Math.ceil(height / m), Math.ceil(width / m)];
      const work = n * n * tiles[0] * tiles[1] * (1 + (n * n) / outChannels + (m * m) / channels);
      return { m, tiles, work };
    },
  );
  return options.length === 0 ? undefined : options.reduce((best, o) => (o.work < best.work ? o : best));
}

// The products of the tile points (n^2, R, C) with their weights, as (n^2, R, O): one MatMul per point
// on 2-D weights that ONNX Runtime folds from the kernel's taps and packs once when the session loads.
function perPointProducts(
  weights: string,
  C: number,
  O: number,
  points: number,
  name: RewriteName,
): ConvolutionRewrite {
  return {
    initializers: [
      int64Initializer(name("kernel_taps"), [3], [C, O, 9]),
      ...Array.from({ length: points }, (_, p) => int64Initializer(name(`point_${p}`), [], [p])),
    ],
    nodes: [
      step("Transpose", [weights], name("input_major"), [intsAttribute("perm", [1, 0, 2, 3])]),
      step("Reshape", [name("input_major"), name("kernel_taps")], name("kernels")),
      ...Array.from({ length: points }, (_, p) => [
        step("Gather", [name("filter_transform"), name(`point_${p}`)], name(`filter_${p}`)),
        step("MatMul", [name("kernels"), name(`filter_${p}`)], name(`weights_${p}`)),
        step("Gather", [name("tile_rows_by_point"), name(`point_${p}`)], name(`rows_${p}`)),
        step("MatMul", [name(`rows_${p}`), name(`weights_${p}`)], name(`products_${p}`)),
      ]).flat(),
      step(
        "Concat",
        Array.from({ length: points }, (_, p) => name(`products_${p}`)),
        name("products"),
        [intAttribute("axis", 0)],
      ),
    ],
  };
}

// The same products as one batched MatMul over all points, on (n^2, C, O) weights folded at load
// (and repacked by the MatMul on every run).
function batchedProducts(
  weights: string,
  C: number,
  O: number,
  points: number,
  name: RewriteName,
): ConvolutionRewrite {
  return {
    initializers: [
      int64Initializer(name("taps_by_pair"), [2], [9, C * O]),
      int64Initializer(name("point_pairs"), [3], [points, C, O]),
    ],
    nodes: [
      step("Transpose", [weights], name("taps_first"), [intsAttribute("perm", [2, 3, 1, 0])]),
      step("Reshape", [name("taps_first"), name("taps_by_pair")], name("kernels")),
      step("MatMul", [name("filter_transform"), name("kernels")], name("point_weights")),
      step("Reshape", [name("point_weights"), name("point_pairs")], name("weights")),
      step("MatMul", [name("tile_rows_by_point"), name("weights")], name("products")),
    ],
  };
}

/**
 * Rewrite the 3 x 3, stride-1 convolutions of an ONNX graph whose channel counts make it pay as
 * Winograd F(m x m, 3 x 3) convolutions (Lavin and Gray, 2016) for a fixed input size: the map is cut
 * into overlapping tiles of (m + 2)^2 pixels, each tile is transformed, each of the (m + 2)^2 tile
 * points meets its transformed weights in one matrix product over all tiles and input channels, and an
 * output transform gives m x m outputs per tile. For 3 x 3 kernels that is 2.25-4x fewer multiply-adds
 * (more on maps of a few pixels, where the direct convolution multiplies padding), at the price of
 * the transforms; where those cost about as much as they save (below about 96 channels), nothing is
 * rewritten. The tile size is the one with the least estimated work.
 *
 * Everything is built from ONNX operators. The weights of each tile point are combinations of the
 * convolution's own taps, so ONNX Runtime folds them into constants when the session loads (the file
 * barely grows) and packs them once for its matrix kernels. They take (m + 2)^2 / 9 times the kernel's
 * memory: 2.8x for m = 3, 4x for m = 4. The tiles are one `Gather` from the padded map, the
 * transforms and products are `MatMul`s, and one more `Gather` puts the outputs in place. Results change by float rounding: the transforms add a few
 * units in the last place of float32, under 1e-5 of the logits' scale on ResNet-18.
 *
 * Only plain convolutions are touched, as for {@link denseSmallConvolutions}: one group, float weights
 * and bias stored as initializers that are not also graph inputs, and an input whose size follows from
 * the model's fixed input size (see {@link featureMapShapes}). A graph fixed at one cell per run is left
 * alone (matrix-vector products over the larger weights run slower than the convolution). The
 * rewritten graph takes only the fixed input size; another pixel count fails in a `Reshape`.
 *
 * @param model - bytes of the ONNX model
 * @param input - the image input's channels, height and width (and name, if the graph has several inputs)
 * @param options - the products' layout
 * @param graph - the model's graph, when the caller has read it already
 * @returns the model, rewritten where it pays, and the convolutions rewritten
 * @throws {@link CtcError} `MODEL_INVALID` when the bytes are not an ONNX protobuf
 */
export function winogradConvolutions(
  model: Uint8Array,
  input: FixedInput,
  options: WinogradOptions = {},
  graph: OnnxGraph = readOnnxGraph(model),
): RewrittenConvolutions {
  return rewritePlainConvolutions(model, input, [winogradRewriter(options)], graph);
}

/**
 * The Winograd rewrite of one convolution, for {@link rewritePlainConvolutions}.
 *
 * @param options - the products' layout
 * @returns the rewriter
 */
export function winogradRewriter(options: WinogradOptions = {}): ConvolutionRewriter {
  return {
    minOpset: MIN_OPSET,
    rewrite: (conv) => winogradConvolution(conv, options.products ?? "per-point"),
  };
}

/** What the stages of one rewritten convolution need to know. */
interface Layout {
  /** Input and output channels. */
  readonly C: number;
  readonly O: number;
  /** Output height and width. */
  readonly ho: number;
  readonly wo: number;
  /** Outputs per tile side, and tile points per side (m + 2). */
  readonly m: number;
  readonly n: number;
  /** Tiles down and across. */
  readonly tiles: readonly [number, number];
}

function winogradConvolution(
  { node, from, to, weights, bias, window }: PlainConvolution,
  products: WinogradProducts,
): ConvolutionRewrite | undefined {
  const square = (pair: readonly number[], value: number) => pair[0] === value && pair[1] === value;
  if (!square(window.kernel, 3) || !square(window.strides, 1) || !square(window.dilations, 1))
    return undefined;
  const [ho, wo] = window.output;
  const tiling = bestTiling(ho, wo, from.channels, to.channels);
  if (tiling === undefined || tiling.work > MAX_WORK_SHARE * 9 * ho * wo) return undefined;
  const { m, tiles } = tiling;
  const layout: Layout = { C: from.channels, O: to.channels, ho, wo, m, n: m + 2, tiles };
  const out = node.outputs[0];
  const name: RewriteName = (suffix) => `${out}/winograd/${suffix}`;
  const tiled = transformedTiles(node.inputs[0], from.height, from.width, window.padBegin, layout, name);
  if (products === "batched" && tiles[0] * tiles[1] === 1) {
    const unbiased = bias === undefined ? out : name("unbiased");
    return joined(
      tiled,
      weightsLeftOutputs(weights, unbiased, layout, name),
      biasAddition(unbiased, out, layout.O, bias, name),
    );
  }
  const productsOf = products === "batched" ? batchedProducts : perPointProducts;
  return joined(
    tiled,
    tileRowOutputs(weights, layout, productsOf, name),
    outputMap(name("output_pixels_first"), out, { channels: layout.O, height: ho, width: wo }, bias, name),
  );
}

// The map's tiles, transformed, as (n^2, tiles * N, C): rows of one tile of one cell, point by point.
// The tiles are gathered from the map pixels first, so they come out point by point without a transpose.
function transformedTiles(
  map: string,
  H: number,
  W: number,
  padBegin: readonly [number, number],
  { C, m, n, tiles: [th, tw] }: Layout,
  name: RewriteName,
): ConvolutionRewrite {
  const { inputTransform } = winogradMatrices(m, 3);
  // For tile point (i, j) of tile (ty, tx): the pixel it reads, or H * W, a zero pixel appended after
  // the map, where it falls into the padding or past the map's end.
  const tilePixels: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let ty = 0; ty < th; ty++)
        for (let tx = 0; tx < tw; tx++) {
          const y = ty * m + i - padBegin[0];
          const x = tx * m + j - padBegin[1];
          tilePixels.push(y >= 0 && y < H && x >= 0 && x < W ? y * W + x : H * W);
        }
  return joined(gatheredPixels(map, H, W, { dims: [n * n, th * tw], values: tilePixels }, name), {
    initializers: [
      floatInitializer(name("input_transform"), [n * n, n * n], twoDimensional(inputTransform, n)),
      int64Initializer(name("points"), [2], [n * n, -1]),
      int64Initializer(name("point_rows"), [3], [n * n, -1, C]),
    ],
    nodes: [
      step("Reshape", [name("gathered"), name("points")], name("tile_points")),
      step("MatMul", [name("input_transform"), name("tile_points")], name("transformed_tiles")),
      step("Reshape", [name("transformed_tiles"), name("point_rows")], name("tile_rows_by_point")),
    ],
  });
}

// Products with the tile rows as left operand, (n^2, R, C) x (n^2, C, O), then the output transform,
// and the output pixels picked as (ho * wo, N * O).
function tileRowOutputs(
  weights: string,
  { C, O, ho, wo, m, n, tiles: [th, tw] }: Layout,
  productsOf: typeof perPointProducts,
  name: RewriteName,
): ConvolutionRewrite {
  const T = th * tw;
  const { outputTransform, filterTransform } = winogradMatrices(m, 3);
  // For output pixel (y, x): its row among the m^2 * T output-transform rows (a, b, tile); outputs
  // that tiles compute past the map's end are never picked.
  const outputPixels: number[] = [];
  for (let y = 0; y < ho; y++)
    for (let x = 0; x < wo; x++) {
      const tile = Math.floor(y / m) * tw + Math.floor(x / m);
      outputPixels.push(((y % m) * m + (x % m)) * T + tile);
    }
  const products = productsOf(weights, C, O, n * n, name);
  return {
    initializers: [
      ...products.initializers,
      floatInitializer(name("filter_transform"), [n * n, 9], twoDimensional(filterTransform, 3)),
      floatInitializer(name("output_transform"), [m * m, n * n], twoDimensional(outputTransform, n)),
      int64Initializer(name("output_rows"), [2], [m * m * T, -1]),
      int64Initializer(name("output_pixels"), [ho * wo], outputPixels),
    ],
    nodes: [
      // Each tile point's C x O weights are one combination of the kernel's nine taps.
      ...products.nodes,
      step("Reshape", [name("products"), name("points")], name("product_points")),
      step("MatMul", [name("output_transform"), name("product_points")], name("outputs")),
      step("Reshape", [name("outputs"), name("output_rows")], name("output_tiles")),
      step("Gather", [name("output_tiles"), name("output_pixels")], name("output_pixels_first")),
    ],
  };
}

// The products of a map of one tile with the weights as left operand, (n^2, O, C) x (n^2, C, N): the
// matrix kernel reads constant weights on the left in place, where on the right it would repack them on
// every run. Both transposes below sit right before a MatMul, which ONNX Runtime folds into a matrix
// product with a transposed operand. The output transform then runs on the right, (O * N, n^2) x
// (n^2, m^2), so that each cell's outputs come out as runs of m^2 pixels.
function weightsLeftOutputs(
  weights: string,
  last: string,
  { C, O, ho, wo, m, n }: Layout,
  name: RewriteName,
): ConvolutionRewrite {
  const { outputTransform, filterTransform } = winogradMatrices(m, 3);
  const transposed = (matrix: readonly number[], cols: number) => {
    const rows = matrix.length / cols;
    return Array.from({ length: matrix.length }, (_, k) => matrix[(k % rows) * cols + Math.floor(k / rows)]);
  };
  // The output pixels among the tile's m x m outputs, where the map is smaller than the tile.
  const outputPixels: number[] = [];
  for (let y = 0; y < ho; y++) for (let x = 0; x < wo; x++) outputPixels.push(y * m + x);
  const initializers = [
    floatInitializer(name("taps_by_point"), [9, n * n], transposed(twoDimensional(filterTransform, 3), 9)),
    floatInitializer(
      name("outputs_by_point"),
      [n * n, m * m],
      transposed(twoDimensional(outputTransform, n), n * n),
    ),
    int64Initializer(name("pairs_by_tap"), [2], [O * C, 9]),
    int64Initializer(name("point_pairs"), [3], [n * n, O, C]),
    int64Initializer(name("channel_cells"), [3], [O, -1, m * m]),
    int64Initializer(name("output_map"), [4], [-1, O, ho, wo]),
  ];
  const nodes = [
    step("Reshape", [weights, name("pairs_by_tap")], name("kernels")),
    step("MatMul", [name("kernels"), name("taps_by_point")], name("pair_weights")),
    step("Transpose", [name("pair_weights")], name("point_major"), [intsAttribute("perm", [1, 0])]),
    step("Reshape", [name("point_major"), name("point_pairs")], name("weights")),
    step("Transpose", [name("tile_rows_by_point")], name("tile_columns"), [intsAttribute("perm", [0, 2, 1])]),
    step("MatMul", [name("weights"), name("tile_columns")], name("products")),
    step("Reshape", [name("products"), name("points")], name("product_points")),
    step("Transpose", [name("product_points")], name("points_last"), [intsAttribute("perm", [1, 0])]),
    step("MatMul", [name("points_last"), name("outputs_by_point")], name("outputs")),
    step("Reshape", [name("outputs"), name("channel_cells")], name("output_by_channel")),
    step("Transpose", [name("output_by_channel")], name("cells_first"), [intsAttribute("perm", [1, 0, 2])]),
  ];
  let cells = name("cells_first");
  if (ho * wo < m * m) {
    initializers.push(int64Initializer(name("output_pixels"), [ho * wo], outputPixels));
    nodes.push(step("Gather", [cells, name("output_pixels")], name("cropped"), [intAttribute("axis", 2)]));
    cells = name("cropped");
  }
  nodes.push(step("Reshape", [cells, name("output_map")], last));
  return { nodes, initializers };
}
