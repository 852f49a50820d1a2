import * as ort from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import { describe, expect, it } from "vitest";
import { readOnnxGraph } from "../../src/classify/onnx-graph";
import { intAttribute, intsAttribute } from "../../src/classify/onnx-proto";
import type { OrtRuntime } from "../../src/classify/runtime";
import { type WinogradProducts, winogradConvolutions } from "../../src/classify/winograd-conv";
import {
  type ConvCase,
  convModel,
  expectSameOutputs,
  onnxModel,
  op,
  runModel,
  seeded,
  stringAttribute,
} from "./onnx-models";

const web = ortWeb as unknown as OrtRuntime;
const PAD_1 = [intsAttribute("pads", [1, 1, 1, 1])];

const CASES: ConvCase[] = [
  {
    title: "a ResNet-style 3 x 3 convolution whose map the tiles cover exactly",
    map: [128, 8, 8],
    out: 128,
    kernel: [3, 3],
    attributes: PAD_1,
    bias: true,
  },
  {
    title: "a rectangular map the tiles overhang (outputs cropped), without bias",
    map: [128, 8, 7],
    out: 160,
    kernel: [3, 3],
    attributes: PAD_1,
  },
  {
    title: "padding only at the end",
    map: [144, 6, 6],
    out: 128,
    kernel: [3, 3],
    attributes: [intsAttribute("pads", [0, 2, 2, 0])],
    bias: true,
  },
  {
    title: "SAME_UPPER padding",
    map: [128, 6, 9],
    out: 128,
    kernel: [3, 3],
    attributes: [stringAttribute("auto_pad", "SAME_UPPER")],
    bias: true,
  },
  {
    title: "a map of one tile (4 x 4, F(4x4, 3x3))",
    map: [128, 4, 4],
    out: 128,
    kernel: [3, 3],
    attributes: PAD_1,
    bias: true,
  },
  {
    title: "a map smaller than its one tile (4 x 3, outputs cropped), without bias",
    map: [320, 4, 3],
    out: 320,
    kernel: [3, 3],
    attributes: PAD_1,
  },
  {
    title: "no padding (VALID)",
    map: [128, 10, 10],
    out: 136,
    kernel: [3, 3],
    attributes: [stringAttribute("auto_pad", "VALID")],
  },
];

const sizeOf = (c: ConvCase) => ({ channels: c.map[0], height: c.map[1], width: c.map[2] });

// The tile size a rewrite chose, from the shape of its output transform (m^2 x n^2).
function tileSizes(model: Uint8Array): number[] {
  return [...readOnnxGraph(model).initializers]
    .filter(([name]) => name.endsWith("/winograd/output_transform"))
    .map(([, info]) => Math.sqrt(info.dims[0]));
}

const PRODUCTS: WinogradProducts[] = ["per-point", "batched"];

describe("winogradConvolutions", () => {
  for (const products of PRODUCTS) {
    for (const [k, c] of CASES.entries()) {
      it(`matches ONNX Runtime's convolution on ${c.title}, with ${products} products`, async () => {
        const model = convModel(c, 20 + k);
        const result = winogradConvolutions(model, sizeOf(c), { products });
        expect(result.rewritten).toEqual(["y"]);
        expect(readOnnxGraph(result.model).nodes.map((n) => n.opType)).not.toContain("Conv");
        await expectSameOutputs(model, result.model, c.map);
      });
    }
  }

  it("batches the products of all tile points, with the weights on the left for a map of one tile", () => {
    const several = CASES[0];
    const one = CASES[4];
    const rewritten = (c: ConvCase, products?: WinogradProducts) =>
      readOnnxGraph(winogradConvolutions(convModel(c, 1), sizeOf(c), products && { products }).model);
    const count = (c: ConvCase, products: WinogradProducts) =>
      rewritten(c, products).nodes.filter((n) => n.opType === "MatMul").length;
    // F(4x4, 3x3) on 8 x 8: four tiles, 36 points. Input and output transforms, then a weight fold and a
    // product per point, or one of each for all points.
    expect(count(several, "per-point")).toBe(2 + 2 * 36);
    expect(count(several, "batched")).toBe(2 + 2);
    expect(count(one, "per-point")).toBe(2 + 2 * 36);
    expect(count(one, "batched")).toBe(2 + 2);
    // The default is per point.
    expect(rewritten(several)).toEqual(rewritten(several, "per-point"));
    // Batched products of one tile take the transposed tiles as right operand (ONNX Runtime folds the
    // transpose into the product); those of several take the tiles as left operand.
    const productInputs = (c: ConvCase) => {
      const graph = rewritten(c, "batched");
      const product = graph.nodes.find((n) => n.outputs[0] === "y/winograd/products")!;
      return product.inputs.map((input) => graph.nodes.find((n) => n.outputs[0] === input)?.opType);
    };
    expect(productInputs(one)).toEqual(["Reshape", "Transpose"]);
    expect(productInputs(several)).toEqual(["Reshape", "Reshape"]);
  });

  it("rewrites a residual block through Relu and Add, and follows weights behind Identity nodes", async () => {
    const model = onnxModel({
      nodes: [
        op("Identity", ["w1_stored"], ["w1"]),
        op("Conv", ["x", "w1", "b"], ["c1"], PAD_1),
        op("Relu", ["c1"], ["r1"]),
        op("Conv", ["r1", "w2"], ["c2"], PAD_1),
        op("Add", ["c2", "x"], ["sum"]),
        op("Relu", ["sum"], ["y"]),
      ],
      weights: {
        w1_stored: { dims: [128, 128, 3, 3], values: seeded(128 * 128 * 9, 1) },
        w2: { dims: [128, 128, 3, 3], values: seeded(128 * 128 * 9, 2) },
        b: { dims: [128], values: seeded(128, 3) },
      },
      inputs: { x: ["n", 128, 6, 6] },
      outputs: ["y"],
    });
    for (const products of PRODUCTS) {
      const result = winogradConvolutions(model, { channels: 128, height: 6, width: 6 }, { products });
      expect(result.rewritten).toEqual(["c1", "c2"]);
      await expectSameOutputs(model, result.model, [128, 6, 6]);
    }
  });

  it("agrees on onnxruntime-web, whose constant folding builds the same transformed weights", async () => {
    // Several tiles, and one tile cropped: both layouts of batched products.
    for (const c of [CASES[1], CASES[5]]) {
      const model = convModel(c, 7);
      const [channels, height, width] = c.map;
      const x = { data: seeded(2 * channels * height * width, 5), dims: [2, ...c.map] };
      const run = async (bytes: Uint8Array) => (await runModel(bytes, { x }, {}, web)).y.data;
      const want = await run(model);
      const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(scale).toBeGreaterThan(0.1);
      for (const products of PRODUCTS) {
        const got = await run(winogradConvolutions(model, sizeOf(c), { products }).model);
        expect(Array.from(got).map((v, i) => Math.abs(v - want[i]) < 1e-5 * scale)).not.toContain(false);
      }
    }
  });

  it("picks the tile with the least estimated work, and none where the transforms would cost more", () => {
    const choice = (channels: number, side: number) => {
      const c = { title: "", map: [channels, side, side], out: channels, kernel: [3, 3], attributes: PAD_1 };
      return tileSizes(winogradConvolutions(convModel(c as ConvCase, 1), sizeOf(c as ConvCase)).model);
    };
    // ResNet-18 at 96 x 96: stage 2 (12 x 12, 128 channels), stage 3 (6 x 6, 256), stage 4 (3 x 3, 512:
    // one tile), stage 1 (24 x 24, 64: the transforms cost as much as they save). At 64 x 64, stage 3
    // (4 x 4, 256) is one F(4x4) tile; a 2 x 2 map is not worth it.
    expect(choice(128, 12)).toEqual([4]);
    expect(choice(256, 6)).toEqual([3]);
    expect(choice(512, 3)).toEqual([3]);
    expect(choice(64, 24)).toEqual([]);
    expect(choice(256, 4)).toEqual([4]);
    expect(choice(512, 2)).toEqual([]);
    // 900 channels: F(3x3) weights would take 81 MB (over the 64 MB cap), F(2x2) saves too little.
    expect(choice(900, 6)).toEqual([]);
    expect(choice(700, 6)).toEqual([3]);
  });

  it("leaves a rewritten model that fails on an input of another size instead of misreading it", async () => {
    const c = CASES[0];
    const rewritten = winogradConvolutions(convModel(c, 3), sizeOf(c)).model;
    const session = await ort.InferenceSession.create(rewritten);
    const x = new ort.Tensor("float32", seeded(128 * 81, 1), [1, 128, 9, 9]);
    await expect(session.run({ x })).rejects.toThrow();
    await session.release();
  });

  it("returns the same bytes where nothing qualifies", () => {
    const base = CASES[0];
    const variants: [string, ConvCase | Uint8Array][] = [
      ["stride 2", { ...base, attributes: [...PAD_1, intsAttribute("strides", [2, 2])] }],
      [
        "dilation 2",
        { ...base, attributes: [intsAttribute("pads", [2, 2, 2, 2]), intsAttribute("dilations", [2, 2])] },
      ],
      ["a 5 x 5 kernel", { ...base, kernel: [5, 5], attributes: [intsAttribute("pads", [2, 2, 2, 2])] }],
      ["a 1 x 1 kernel", { ...base, kernel: [1, 1], attributes: [] }],
      ["64 channels", { ...base, map: [64, 8, 8], out: 64 }],
      [
        "two groups",
        onnxModel({
          nodes: [op("Conv", ["x", "w"], ["y"], [...PAD_1, intAttribute("group", 2)])],
          weights: { w: { dims: [128, 64, 3, 3], values: seeded(128 * 64 * 9, 1) } },
          inputs: { x: ["n", 128, 8, 8] },
          outputs: ["y"],
        }),
      ],
      [
        "a graph fixed at one cell",
        onnxModel({
          nodes: [op("Conv", ["x", "w"], ["y"], PAD_1)],
          weights: { w: { dims: [128, 128, 3, 3], values: seeded(128 * 128 * 9, 1) } },
          inputs: { x: [1, 128, 8, 8] },
          outputs: ["y"],
        }),
      ],
      [
        "opset 10 (Pad takes its pads as an attribute)",
        onnxModel({
          nodes: [op("Conv", ["x", "w"], ["y"], PAD_1)],
          weights: { w: { dims: [128, 128, 3, 3], values: seeded(128 * 128 * 9, 1) } },
          inputs: { x: ["n", 128, 8, 8] },
          outputs: ["y"],
          opset: 10,
        }),
      ],
    ];
    for (const [what, variant] of variants) {
      const model = variant instanceof Uint8Array ? variant : convModel(variant, 1);
      const channels = variant instanceof Uint8Array ? 128 : variant.map[0];
      const result = winogradConvolutions(model, { channels, height: 8, width: 8 });
      expect(result.rewritten, what).toEqual([]);
      expect(result.model, what).toBe(model);
    }
  });
});
