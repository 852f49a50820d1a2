import { describe, expect, it } from "vitest";
import { readOnnxGraph } from "../../src/classify/onnx-graph";
import { intAttribute, intsAttribute } from "../../src/classify/onnx-proto";
import { featureMapShapes } from "../../src/classify/onnx-shapes";
import { fixtureBytes } from "./fixtures";
import { onnxModel, op, runModel, seeded, stringAttribute } from "./onnx-models";

interface WindowCase {
  readonly op: "MaxPool" | "AveragePool" | "Conv";
  readonly kernel: [number, number];
  readonly attributes: Uint8Array[];
}

const WINDOWS: WindowCase[] = [
  {
    op: "MaxPool",
    kernel: [3, 3],
    attributes: [intsAttribute("strides", [2, 2]), intsAttribute("pads", [1, 1, 1, 1])],
  },
  {
    op: "MaxPool",
    kernel: [3, 3],
    attributes: [
      intsAttribute("strides", [2, 2]),
      intsAttribute("pads", [1, 1, 1, 1]),
      intAttribute("ceil_mode", 1),
    ],
  },
  {
    op: "MaxPool",
    kernel: [2, 2],
    attributes: [intsAttribute("strides", [2, 2]), intAttribute("ceil_mode", 1)],
  },
  {
    op: "AveragePool",
    kernel: [3, 2],
    attributes: [intsAttribute("strides", [2, 2]), stringAttribute("auto_pad", "SAME_UPPER")],
  },
  {
    op: "AveragePool",
    kernel: [2, 2],
    attributes: [stringAttribute("auto_pad", "VALID"), intsAttribute("strides", [2, 2])],
  },
  {
    op: "Conv",
    kernel: [3, 3],
    attributes: [intsAttribute("strides", [2, 2]), stringAttribute("auto_pad", "SAME_LOWER")],
  },
  {
    op: "Conv",
    kernel: [3, 3],
    attributes: [
      intsAttribute("dilations", [2, 3]),
      intsAttribute("pads", [1, 2, 0, 3]),
      intsAttribute("strides", [1, 2]),
    ],
  },
];

describe("featureMapShapes", () => {
  for (const [k, w] of WINDOWS.entries()) {
    for (const [height, width] of [
      [7, 7],
      [8, 9],
      [12, 5],
    ]) {
      it(`gives ONNX Runtime's output size for ${w.op} case ${k} on ${height} x ${width}`, async () => {
        const conv = w.op === "Conv";
        const attributes = conv ? w.attributes : [intsAttribute("kernel_shape", w.kernel), ...w.attributes];
        const model = onnxModel({
          nodes: [op(w.op, conv ? ["x", "w"] : ["x"], ["y"], attributes)],
          weights: conv
            ? { w: { dims: [5, 3, ...w.kernel], values: seeded(5 * 3 * w.kernel[0] * w.kernel[1], k) } }
            : {},
          inputs: { x: ["n", 3, height, width] },
          outputs: ["y"],
        });
        const shapes = featureMapShapes(readOnnxGraph(model), "x", { channels: 3, height, width });
        const { y } = await runModel(model, {
          x: { data: seeded(3 * height * width, 1), dims: [1, 3, height, width] },
        });
        const [, channels, h, wd] = y.dims;
        expect(shapes.get("y")).toEqual({ channels, height: h, width: wd });
      });
    }
  }

  it("follows the exported ResNet-18 (width 16) from its 64 x 64 input down to 128 x 1 x 1", () => {
    const graph = readOnnxGraph(fixtureBytes("resnet18-w16.onnx"));
    const shapes = featureMapShapes(graph, graph.inputs[0], { channels: 4, height: 64, width: 64 });
    const convs = graph.nodes.filter((n) => n.opType === "Conv").map((n) => shapes.get(n.outputs[0]));
    expect(convs.every((s) => s !== undefined)).toBe(true);
    expect(convs[0]).toEqual({ channels: 16, height: 32, width: 32 });
    expect(convs.at(-1)).toEqual({ channels: 128, height: 2, width: 2 });
    const pooled = graph.nodes.find((n) => n.opType === "GlobalAveragePool")!.outputs[0];
    expect(shapes.get(pooled)).toEqual({ channels: 128, height: 1, width: 1 });
  });

  it("concatenates channels, and knows nothing past an operator it has no rule for", () => {
    const model = onnxModel({
      nodes: [
        op("Relu", ["x"], ["a"]),
        op("Concat", ["x", "a"], ["cat"], [intAttribute("axis", 1)]),
        op("Add", ["cat", "wide"], ["widened"]),
        op("Mul", ["cat", "scale"], ["scaled"]),
        op("Flatten", ["scaled"], ["flat"]),
        op("Relu", ["flat"], ["after"]),
      ],
      weights: {
        wide: { dims: [1, 6, 3, 1], values: seeded(18, 1) },
        scale: { dims: [6, 1, 1], values: seeded(6, 2) },
      },
      inputs: { x: ["n", 3, 1, 4] },
      outputs: ["after", "widened"],
    });
    const shapes = featureMapShapes(readOnnxGraph(model), "x", { channels: 3, height: 1, width: 4 });
    expect(shapes.get("cat")).toEqual({ channels: 6, height: 1, width: 4 });
    expect(shapes.get("scaled")).toEqual({ channels: 6, height: 1, width: 4 });
    // A constant of height 3 broadcasts the 1-pixel-high map up to 3 rows: not the map's shape.
    expect(shapes.has("widened")).toBe(false);
    expect(shapes.has("flat")).toBe(false);
    expect(shapes.has("after")).toBe(false);
  });
});
