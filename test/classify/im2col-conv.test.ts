import * as ort from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import { describe, expect, it } from "vitest";
import { im2colConvolutions } from "../../src/classify/im2col-conv";
import { readOnnxGraph } from "../../src/classify/onnx-graph";
import { intAttribute, intsAttribute } from "../../src/classify/onnx-proto";
import type { OrtRuntime } from "../../src/classify/runtime";
import { fixtureBytes, fixtureJson } from "./fixtures";
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
const STRIDE_2 = intsAttribute("strides", [2, 2]);

const CASES: ConvCase[] = [
  {
    title: "ResNet-18's last stride-2 convolution at 64 x 64 (4 x 4 to 2 x 2)",
    map: [16, 4, 4],
    out: 32,
    kernel: [3, 3],
    attributes: [...PAD_1, STRIDE_2],
    bias: true,
  },
  {
    title: "the same at 96 x 96 (6 x 6 to 3 x 3), without bias",
    map: [8, 6, 6],
    out: 24,
    kernel: [3, 3],
    attributes: [...PAD_1, STRIDE_2],
  },
  {
    title: "a 1 x 1 stride-2 downsampling",
    map: [12, 4, 4],
    out: 20,
    kernel: [1, 1],
    attributes: [STRIDE_2],
    bias: true,
  },
  {
    title: "a 3 x 3 map at stride 1 (nine output pixels)",
    map: [10, 3, 3],
    out: 6,
    kernel: [3, 3],
    attributes: PAD_1,
    bias: true,
  },
  {
    title: "dilated taps, most of them in the padding",
    map: [6, 3, 3],
    out: 5,
    kernel: [3, 3],
    attributes: [intsAttribute("pads", [2, 2, 2, 2]), intsAttribute("dilations", [2, 2])],
  },
  {
    title: "a rectangular kernel, padding only at the end and stride 2 across",
    map: [5, 2, 7],
    out: 4,
    kernel: [2, 5],
    attributes: [intsAttribute("pads", [0, 0, 1, 2]), intsAttribute("strides", [1, 2])],
    bias: true,
  },
  {
    title: "SAME_UPPER padding at stride 2",
    map: [7, 5, 5],
    out: 3,
    kernel: [3, 3],
    attributes: [stringAttribute("auto_pad", "SAME_UPPER"), STRIDE_2],
  },
];

const sizeOf = (c: ConvCase) => ({ channels: c.map[0], height: c.map[1], width: c.map[2] });

describe("im2colConvolutions", () => {
  for (const [k, c] of CASES.entries()) {
    it(`matches ONNX Runtime's convolution on ${c.title}`, async () => {
      const model = convModel(c, 30 + k);
      const result = im2colConvolutions(model, sizeOf(c));
      expect(result.rewritten).toEqual(["y"]);
      expect(readOnnxGraph(result.model).nodes.map((n) => n.opType)).not.toContain("Conv");
      await expectSameOutputs(model, result.model, c.map);
    });
  }

  it("agrees on onnxruntime-web", async () => {
    const c = CASES[0];
    const model = convModel(c, 7);
    const x = { data: seeded(3 * 16 * 16, 5), dims: [3, ...c.map] };
    const run = async (bytes: Uint8Array) => (await runModel(bytes, { x }, {}, web)).y.data;
    const want = await run(model);
    const got = await run(im2colConvolutions(model, sizeOf(c)).model);
    const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(scale).toBeGreaterThan(0.1);
    expect(Array.from(got).map((v, i) => Math.abs(v - want[i]) < 1e-5 * scale)).not.toContain(false);
  });

  it("rewrites ResNet-18's stage 4 at 64 x 64, where every output map is 2 x 2", async () => {
    const card = fixtureJson<{ input: { height: number; width: number } }>("resnet18-w16.json");
    const original = fixtureBytes("resnet18-w16.onnx");
    const result = im2colConvolutions(original, { ...card.input, channels: 4 });
    expect(result.rewritten).toEqual([
      "/layer4/layer4.0/conv1/Conv_output_0",
      "/layer4/layer4.0/conv2/Conv_output_0",
      "/layer4/layer4.0/downsample/downsample.0/Conv_output_0",
      "/layer4/layer4.1/conv1/Conv_output_0",
      "/layer4/layer4.1/conv2/Conv_output_0",
    ]);
    await expectSameOutputs(original, result.model, [4, 64, 64], "input");
  });

  it("leaves a rewritten model that fails on an input of another size instead of misreading it", async () => {
    const c = CASES[0];
    const session = await ort.InferenceSession.create(im2colConvolutions(convModel(c, 3), sizeOf(c)).model);
    const x = new ort.Tensor("float32", seeded(16 * 36, 1), [1, 16, 6, 6]);
    await expect(session.run({ x })).rejects.toThrow();
    await session.release();
  });

  it("returns the same bytes where nothing qualifies", () => {
    const base = CASES[0];
    const oneConv = (dims: (number | string)[], attributes = PAD_1, opset?: number) =>
      onnxModel({
        nodes: [op("Conv", ["x", "w"], ["y"], attributes)],
        weights: { w: { dims: [8, 16, 3, 3], values: seeded(8 * 16 * 9, 1) } },
        inputs: { x: dims },
        outputs: ["y"],
        ...(opset === undefined ? {} : { opset }),
      });
    const variants: [string, Uint8Array, number][] = [
      ["a 4 x 4 output map", convModel({ ...base, attributes: PAD_1 }, 1), 4],
      ["a graph fixed at one cell", oneConv([1, 16, 4, 4]), 4],
      [
        "opset 10 (Pad takes its pads as an attribute)",
        oneConv(["n", 16, 4, 4], [...PAD_1, STRIDE_2], 10),
        4,
      ],
      [
        "two groups",
        onnxModel({
          nodes: [op("Conv", ["x", "w"], ["y"], [...PAD_1, STRIDE_2, intAttribute("group", 2)])],
          weights: { w: { dims: [8, 8, 3, 3], values: seeded(8 * 8 * 9, 1) } },
          inputs: { x: ["n", 16, 4, 4] },
          outputs: ["y"],
        }),
        4,
      ],
    ];
    for (const [what, model, side] of variants) {
      const result = im2colConvolutions(model, { channels: 16, height: side, width: side });
      expect(result.rewritten, what).toEqual([]);
      expect(result.model, what).toBe(model);
    }
  });
});
