import { describe, expect, it } from "vitest";
import {
  type ConvolutionRewriter,
  plainConvolutions,
  replaceNodes,
  rewritePlainConvolutions,
  rewriteStep,
} from "../../src/classify/conv-rewrite";
import { readOnnxGraph } from "../../src/classify/onnx-graph";
import { floatInitializer, intAttribute, intsAttribute } from "../../src/classify/onnx-proto";
import { onnxModel, op, runModel, seeded } from "./onnx-models";

const PAD_1 = [intsAttribute("pads", [1, 1, 1, 1])];
const weight = (dims: number[], seed: number) => ({
  dims,
  values: seeded(
    dims.reduce((a, b) => a * b),
    seed,
  ),
});

// x (3 x 8 x 8) -> plain conv (Identity-shared weights, bias) -> Relu -> grouped conv -> conv with
// weights a graph input can override.
const model = onnxModel({
  nodes: [
    op("Identity", ["w1_stored"], ["w1"]),
    op("Conv", ["x", "w1", "b1"], ["c1"], [...PAD_1, intsAttribute("strides", [2, 2])]),
    op("Relu", ["c1"], ["r1"]),
    op("Conv", ["r1", "w2"], ["c2"], [...PAD_1, intAttribute("group", 2)]),
    op("Conv", ["c2", "w3"], ["y"], PAD_1),
  ],
  weights: {
    w1_stored: weight([4, 3, 3, 3], 1),
    b1: weight([4], 2),
    w2: weight([4, 2, 3, 3], 3),
    w3: weight([5, 4, 3, 3], 4),
  },
  inputs: { x: ["n", 3, 8, 8], w3: [5, 4, 3, 3] },
  outputs: ["y"],
});

describe("plainConvolutions", () => {
  it("finds the plain convolutions with their maps, weights behind Identity, bias and window", () => {
    const found = plainConvolutions(readOnnxGraph(model), { channels: 3, height: 8, width: 8 }, 5);
    expect(found).toHaveLength(1);
    const [conv] = found;
    expect(conv.index).toBe(1);
    expect(conv.node.outputs).toEqual(["c1"]);
    expect(conv.from).toEqual({ channels: 3, height: 8, width: 8 });
    expect(conv.to).toEqual({ channels: 4, height: 4, width: 4 });
    expect([conv.weights, conv.bias]).toEqual(["w1_stored", "b1"]);
    expect(conv.window.kernel).toEqual([3, 3]);
    expect(conv.window.strides).toEqual([2, 2]);
    expect(conv.window.padBegin).toEqual([1, 1]);
  });

  it("finds none below the opset asked for, for a graph fixed at one cell, or for an unknown input", () => {
    const graph = readOnnxGraph(model);
    const size = { channels: 3, height: 8, width: 8 };
    expect(plainConvolutions(graph, size, 14)).toEqual([]);
    expect(plainConvolutions(graph, { ...size, name: "nope" }, 5)).toEqual([]);
    const oneCell = onnxModel({
      nodes: [op("Conv", ["x", "w"], ["y"], PAD_1)],
      weights: { w: weight([4, 3, 3, 3], 1) },
      inputs: { x: [1, 3, 8, 8] },
      outputs: ["y"],
    });
    expect(plainConvolutions(readOnnxGraph(oneCell), size, 5)).toEqual([]);
  });
});

describe("replaceNodes", () => {
  it("puts new nodes in place of one, appends initializers, and keeps the rest of the graph", async () => {
    // The Relu (node 0) becomes a Mul by 2, so y = -2x where it would have zeroed the negatives.
    const tiny = onnxModel({
      nodes: [op("Relu", ["x"], ["r"]), op("Neg", ["r"], ["y"])],
      inputs: { x: ["n", 4] },
      outputs: ["y"],
    });
    const rewritten = replaceNodes(tiny, new Map([[0, [rewriteStep("Mul", ["x", "two"], "r")]]]), [
      floatInitializer("two", [1], [2]),
    ]);
    const graph = readOnnxGraph(rewritten);
    expect(graph.nodes.map((n) => n.opType)).toEqual(["Mul", "Neg"]);
    expect(graph.nodes[0].name).toBe("r/Mul");
    expect(graph.initializers.get("two")?.dims).toEqual([1]);
    const x = Float32Array.from([-1, 0.5, 2, -3]);
    const { y } = await runModel(rewritten, { x: { data: x, dims: [1, 4] } });
    expect(Array.from(y.data)).toEqual([2, -1, -4, 6]);
  });
});

describe("rewritePlainConvolutions", () => {
  // x -> stride-2 conv a -> Relu -> conv b, both plain.
  const twoConvs = onnxModel({
    nodes: [
      op("Conv", ["x", "wa"], ["a"], [...PAD_1, intsAttribute("strides", [2, 2])]),
      op("Relu", ["a"], ["r"]),
      op("Conv", ["r", "wb"], ["y"], PAD_1),
    ],
    weights: { wa: weight([4, 3, 3, 3], 1), wb: weight([4, 4, 3, 3], 2) },
    inputs: { x: ["n", 3, 8, 8] },
    outputs: ["y"],
  });
  const size = { channels: 3, height: 8, width: 8 };
  // Stand-ins whose nodes say which rewriter took a convolution.
  const replacing = (
    opType: string,
    minOpset: number,
    takes: (stride: number) => boolean,
  ): ConvolutionRewriter => ({
    minOpset,
    rewrite: ({ node, window }) =>
      takes(window.strides[0])
        ? { nodes: [rewriteStep(opType, [node.inputs[0]], node.outputs[0])], initializers: [] }
        : undefined,
  });
  const strided = replacing("Neg", 5, (stride) => stride === 2);
  const any = replacing("Abs", 5, () => true);
  const newer = replacing("Sign", 99, () => true);
  const opTypes = (rewriters: ConvolutionRewriter[]) =>
    readOnnxGraph(rewritePlainConvolutions(twoConvs, size, rewriters).model).nodes.map((n) => n.opType);

  it("gives each convolution to the first rewriter that takes it, in one pass over the original graph", () => {
    expect(opTypes([strided, any])).toEqual(["Neg", "Relu", "Abs"]);
    expect(opTypes([any, strided])).toEqual(["Abs", "Relu", "Abs"]);
    expect(rewritePlainConvolutions(twoConvs, size, [strided, any]).rewritten).toEqual(["a", "y"]);
  });

  it("skips rewriters whose operators the graph's opset lacks, and returns the same bytes when none apply", () => {
    expect(opTypes([newer, strided])).toEqual(["Neg", "Relu", "Conv"]);
    for (const rewriters of [[], [newer], [replacing("Abs", 5, () => false)]]) {
      const result = rewritePlainConvolutions(twoConvs, size, rewriters);
      expect(result.model).toBe(twoConvs);
      expect(result.rewritten).toEqual([]);
    }
  });
});
