import { describe, expect, it } from "vitest";
import { outputActivation, readOnnxGraph } from "../../src/classify/onnx-graph";
import { isCtcError } from "../../src/core/errors";
import { fixtureBytes } from "./fixtures";

// A tiny protobuf writer for hand-made graphs: only varints and length-delimited fields are needed.
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
function field(number: number, payload: Uint8Array | string): number[] {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  return [...varint(number * 8 + 2), ...varint(bytes.length), ...bytes];
}
function node(op: string, inputs: string[], outputs: string[], domain?: string): Uint8Array {
  return Uint8Array.from([
    ...inputs.flatMap((i) => field(1, i)),
    ...outputs.flatMap((o) => field(2, o)),
    ...field(4, op),
    ...(domain !== undefined ? field(7, domain) : []),
  ]);
}
function model(nodes: Uint8Array[], outputs: string[], weights = 0): Uint8Array {
  const graph = Uint8Array.from([
    ...nodes.flatMap((n) => field(1, n)),
    // An initializer "w" (dims 3 x 100, float) whose data the reader must skip without looking inside.
    ...(weights > 0
      ? field(
          5,
          Uint8Array.from([
            8,
            3,
            8,
            100,
            16,
            1,
            ...field(8, "w"),
            ...field(9, new Uint8Array(weights).fill(0xff)),
          ]),
        )
      : []),
    ...outputs.flatMap((o) => field(12, Uint8Array.from(field(1, o)))),
  ]);
  // ir_version (varint) and a fixed64 field, to exercise skipping other wire types.
  return Uint8Array.from([8, 7, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, ...field(7, graph)]);
}

describe("readOnnxGraph", () => {
  it("reads nodes and outputs, skipping weights", () => {
    const g = readOnnxGraph(
      model([node("Gemm", ["x", "w"], ["y"]), node("Softmax", ["y"], ["p"])], ["p"], 300),
    );
    expect(g.outputs).toEqual(["p"]);
    expect(g.nodes.map((n) => n.opType)).toEqual(["Gemm", "Softmax"]);
    expect(g.nodes[0].inputs).toEqual(["x", "w"]);
    expect(g.initializers.get("w")).toEqual({ dims: [3, 100], dataType: 1 });
  });

  it("reads attributes of every kind the shape rules use, negative integers included", () => {
    const exported = readOnnxGraph(fixtureBytes("resnet18-w16.onnx"));
    const conv = exported.nodes.find((n) => n.opType === "Conv")!;
    expect(conv.attributes.get("kernel_shape")).toEqual([7, 7]);
    expect(conv.attributes.get("strides")).toEqual([2, 2]);
    expect(conv.attributes.get("pads")).toEqual([3, 3, 3, 3]);
    expect(exported.opset).toBeGreaterThanOrEqual(13);
    // axis = -1 (int, two's complement varint), auto_pad (string), alpha (float), an empty ints list.
    const attribute = (body: number[]) => Uint8Array.from(field(5, Uint8Array.from(body)));
    const nodeBytes = Uint8Array.from([
      ...node("Concat", ["a", "b"], ["c"]),
      ...attribute([
        ...field(1, "axis"),
        24,
        ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1],
        160,
        1,
        2,
      ]),
      ...attribute([...field(1, "auto_pad"), ...field(4, "SAME_UPPER"), 160, 1, 3]),
      ...attribute([...field(1, "alpha"), 21, 0, 0, 0x20, 0x3e, 160, 1, 1]),
      ...attribute([...field(1, "pads"), 160, 1, 7]),
    ]);
    const g = readOnnxGraph(model([nodeBytes], ["c"]));
    expect(Object.fromEntries(g.nodes[0].attributes)).toEqual({
      axis: -1,
      auto_pad: "SAME_UPPER",
      alpha: 0.15625,
      pads: [],
    });
  });

  it("reads the exported fixtures", () => {
    const g = readOnnxGraph(fixtureBytes("resnet18-w16.onnx"));
    expect(g.inputDims.get("input")).toEqual(["batch", 4, 64, 64]);
    expect(readOnnxGraph(fixtureBytes("named-io.onnx")).inputDims.get("pixels")?.[0]).toBe(1);
    expect(g.outputs).toEqual(["logits"]);
    expect(g.nodes.filter((n) => n.opType === "Conv").length).toBe(20);
  });

  it("refuses bytes that are not a model", () => {
    for (const bytes of [
      new Uint8Array([0x3a, 0x50, 1]),
      new TextEncoder().encode("not onnx at all"),
      new Uint8Array(0),
    ]) {
      expect(() => readOnnxGraph(bytes)).toThrowError(expect.objectContaining({ code: "MODEL_INVALID" }));
    }
  });
});

describe("outputActivation", () => {
  it("finds the head of the exported fixtures", () => {
    const head = (name: string, output: string) =>
      outputActivation(readOnnxGraph(fixtureBytes(`${name}.onnx`)), output);
    expect(head("resnet18-w16", "logits")).toBe("none");
    expect(head("softmax-head", "logits")).toBe("softmax");
    expect(head("sigmoid-head", "logits")).toBe("sigmoid");
    expect(head("named-io", "scores")).toBe("none");
  });

  it("looks through shape-only nodes after the activation", () => {
    const g = readOnnxGraph(
      model(
        [
          node("Gemm", ["x"], ["y"]),
          node("LogSoftmax", ["y"], ["l"]),
          node("Reshape", ["l", "s"], ["r"]),
          node("Identity", ["r"], ["out"]),
        ],
        ["out"],
      ),
    );
    expect(outputActivation(g, "out")).toBe("log_softmax");
  });

  it("does not look through nodes that change values", () => {
    const g = readOnnxGraph(
      model([node("Softmax", ["x"], ["p"]), node("Mul", ["p", "k"], ["out"])], ["out"]),
    );
    expect(outputActivation(g, "out")).toBe("none");
  });

  it("ignores same-named operators of custom domains", () => {
    const g = readOnnxGraph(model([node("Softmax", ["x"], ["out"], "com.example")], ["out"]));
    expect(outputActivation(g, "out")).toBe("none");
  });

  it("terminates on a cyclic graph", () => {
    const g = readOnnxGraph(model([node("Identity", ["b"], ["a"]), node("Identity", ["a"], ["b"])], ["a"]));
    expect(outputActivation(g, "a")).toBe("none");
  });

  it("names the missing output", () => {
    const g = readOnnxGraph(model([node("Relu", ["x"], ["y"])], ["y"]));
    try {
      outputActivation(g, "scores");
      expect.unreachable();
    } catch (error) {
      expect(isCtcError(error, "MODEL_MISMATCH")).toBe(true);
      expect(String(error)).toContain("scores");
    }
  });
});
