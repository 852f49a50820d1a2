import { describe, expect, it } from "vitest";
import { plainConvolutions, replaceNodes, rewriteStep } from "../../src/classify/conv-rewrite";
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
