import * as ortWeb from "onnxruntime-web";
import { describe, expect, it } from "vitest";
import { denseSmallConvolutions } from "../../src/classify/dense-conv";
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

const CASES: ConvCase[] = [
  {
    title: "a ResNet stage-4 convolution (2 x 2 map, 3 x 3 kernel, padding 1)",
    map: [8, 2, 2],
    out: 6,
    kernel: [3, 3],
    attributes: [intsAttribute("pads", [1, 1, 1, 1])],
    bias: true,
  },
  {
    title: "a 1 x 1 map without bias",
    map: [5, 1, 1],
    out: 7,
    kernel: [3, 3],
    attributes: [intsAttribute("pads", [1, 1, 1, 1])],
  },
  {
    title: "dilated taps that miss most pixels (zeros in the matrix)",
    map: [4, 2, 2],
    out: 3,
    kernel: [3, 3],
    attributes: [intsAttribute("pads", [2, 2, 2, 2]), intsAttribute("dilations", [2, 2])],
    bias: true,
  },
  {
    title: "a stride-2 convolution down to one pixel",
    map: [6, 2, 2],
    out: 4,
    kernel: [3, 3],
    attributes: [intsAttribute("pads", [1, 1, 1, 1]), intsAttribute("strides", [2, 2])],
    bias: true,
  },
  {
    title: "an even kernel with SAME_LOWER padding",
    map: [3, 2, 2],
    out: 5,
    kernel: [4, 4],
    attributes: [stringAttribute("auto_pad", "SAME_LOWER")],
    bias: true,
  },
  {
    title: "an even kernel with SAME_UPPER padding",
    map: [3, 2, 2],
    out: 5,
    kernel: [4, 4],
    attributes: [stringAttribute("auto_pad", "SAME_UPPER")],
  },
  {
    title: "a rectangular map and kernel",
    map: [4, 1, 3],
    out: 2,
    kernel: [1, 7],
    attributes: [intsAttribute("pads", [0, 3, 0, 3])],
    bias: true,
  },
];

describe("denseSmallConvolutions", () => {
  for (const [k, c] of CASES.entries()) {
    it(`matches ONNX Runtime's convolution on ${c.title}`, async () => {
      const model = convModel(c, 10 + k);
      const result = denseSmallConvolutions(model, {
        channels: c.map[0],
        height: c.map[1],
        width: c.map[2],
      });
      expect(result.rewritten).toEqual(["y"]);
      expect(readOnnxGraph(result.model).nodes.map((n) => n.opType)).not.toContain("Conv");
      await expectSameOutputs(model, result.model, c.map);
    });
  }

  it("rewrites a residual block through Relu and Add, and follows weights behind Identity nodes", async () => {
    const values = (n: number, s: number) => ({ dims: [n], values: seeded(n, s) });
    const model = onnxModel({
      nodes: [
        op("Identity", ["w1_stored"], ["w1"]),
        op("Conv", ["x", "w1", "b"], ["c1"], [intsAttribute("pads", [1, 1, 1, 1])]),
        op("Relu", ["c1"], ["r1"]),
        op("Conv", ["r1", "w2"], ["c2"], [intsAttribute("pads", [1, 1, 1, 1])]),
        op("Mul", ["c2", "scale"], ["s2"]),
        op("Add", ["s2", "x"], ["sum"]),
        op("Relu", ["sum"], ["y"]),
      ],
      weights: {
        w1_stored: { dims: [6, 6, 3, 3], values: seeded(324, 1) },
        w2: { dims: [6, 6, 3, 3], values: seeded(324, 2) },
        b: values(6, 3),
        scale: { dims: [1, 6, 1, 1], values: seeded(6, 4) },
      },
      inputs: { x: ["n", 6, 2, 2] },
      outputs: ["y"],
    });
    const result = denseSmallConvolutions(model, { channels: 6, height: 2, width: 2 });
    expect(result.rewritten).toEqual(["c1", "c2"]);
    await expectSameOutputs(model, result.model, [6, 2, 2]);
  });

  it("agrees on onnxruntime-web, whose constant folding builds the same matrices", async () => {
    const model = convModel(CASES[2], 7);
    const rewritten = denseSmallConvolutions(model, { channels: 4, height: 2, width: 2 }).model;
    const x = { data: seeded(3 * 16, 5), dims: [3, 4, 2, 2] };
    const run = async (bytes: Uint8Array) => (await runModel(bytes, { x }, {}, web)).y.data;
    const [want, got] = [await run(model), await run(rewritten)];
    expect(Array.from(got).map((v, i) => Math.abs(v - want[i]) < 1e-5)).not.toContain(false);
  });

  it("rewrites the last ResNet stage at 64 x 64 and leaves the larger maps alone", async () => {
    const card = fixtureJson<{ input: { height: number; width: number } }>("resnet18-w16.json");
    const result = denseSmallConvolutions(fixtureBytes("resnet18-w16.onnx"), { ...card.input, channels: 4 });
    // Stage 4 runs on 2 x 2 maps; its first convolution reads the 4 x 4 map of stage 3 and stays.
    expect(result.rewritten).toEqual([
      "/layer4/layer4.0/conv2/Conv_output_0",
      "/layer4/layer4.1/conv1/Conv_output_0",
      "/layer4/layer4.1/conv2/Conv_output_0",
    ]);
    const convs = (bytes: Uint8Array) => readOnnxGraph(bytes).nodes.filter((n) => n.opType === "Conv").length;
    expect(convs(result.model)).toBe(convs(fixtureBytes("resnet18-w16.onnx")) - 3);
    await expectSameOutputs(fixtureBytes("resnet18-w16.onnx"), result.model, [4, 64, 64], "input");
  });

  it("returns the same bytes where nothing qualifies", () => {
    const grouped = onnxModel({
      nodes: [op("Conv", ["x", "w"], ["y"], [intsAttribute("pads", [1, 1, 1, 1]), intAttribute("group", 2)])],
      weights: { w: { dims: [4, 2, 3, 3], values: seeded(72, 1) } },
      inputs: { x: ["n", 4, 2, 2] },
      outputs: ["y"],
    });
    const large = convModel({ ...CASES[0], map: [8, 8, 8] }, 1);
    const oneCell = onnxModel({
      nodes: [op("Conv", ["x", "w"], ["y"], [intsAttribute("pads", [1, 1, 1, 1])])],
      weights: { w: { dims: [4, 4, 3, 3], values: seeded(144, 1) } },
      inputs: { x: [1, 4, 2, 2] },
      outputs: ["y"],
    });
    const overridable = onnxModel({
      nodes: [op("Conv", ["x", "w"], ["y"], [intsAttribute("pads", [1, 1, 1, 1])])],
      weights: { w: { dims: [4, 4, 3, 3], values: seeded(144, 1) } },
      inputs: { x: ["n", 4, 2, 2], w: [4, 4, 3, 3] },
      outputs: ["y"],
    });
    const behindUnknown = onnxModel({
      nodes: [
        op("Resize", ["x"], ["r"]),
        op("Conv", ["r", "w"], ["y"], [intsAttribute("pads", [1, 1, 1, 1])]),
      ],
      weights: { w: { dims: [4, 4, 3, 3], values: seeded(144, 1) } },
      inputs: { x: ["n", 4, 2, 2] },
      outputs: ["y"],
    });
    for (const [model, channels, side] of [
      [grouped, 4, 2],
      [large, 8, 8],
      [oneCell, 4, 2],
      [overridable, 4, 2],
      [behindUnknown, 4, 2],
    ] as const) {
      const result = denseSmallConvolutions(model, { channels, height: side, width: side });
      expect(result.rewritten).toEqual([]);
      expect(result.model).toBe(model);
    }
    // Two image inputs and no name: the input size cannot be placed.
    const twoInputs = convModel(CASES[0], 1);
    expect(denseSmallConvolutions(twoInputs, { name: "other", channels: 8, height: 2, width: 2 }).model).toBe(
      twoInputs,
    );
  });
});
