import { describe, expect, it } from "vitest";
import { parseBioimageioRdf } from "../../src/classify/bioimageio-rdf";
import { parseYaml } from "../../src/classify/yaml";

const v05 = `
format_version: 0.5.4
type: model
name: m
inputs:
  - id: image
    axes: [{type: batch}, {type: channel, channel_names: [a, b]}, {type: space, id: y, size: {min: 16, step: 0}}, {type: space, id: x, size: {min: 16, step: 8}}]
    test_tensor: {source: in.npy}
outputs:
  - id: prob
    axes: [{type: batch}, {type: index, size: 3}]
    test_tensor: {source: out.npy}
weights: {onnx: {source: w.onnx}, torchscript: {source: w.pt}}
config:
  bioimageio:
    reproducibility_tolerance:
      - {weights_formats: [pytorch_state_dict], absolute_tolerance: 0.5}
      - {output_ids: [prob], relative_tolerance: 0.01}
`;

const v04 = `
format_version: 0.4.9
type: model
name: m
inputs:
  - {name: input0, axes: bcyx, shape: [1, 2, 16, 16], data_type: float32}
outputs:
  - {name: output0, axes: bc, shape: [1, 3], data_type: float32}
test_inputs: [in.npy]
test_outputs: [out.npy]
weights: {onnx: {source: w.onnx, sha256: ${"A".repeat(64)}}}
`;

describe("parseBioimageioRdf", () => {
  it("normalizes rdf 0.5 axes, fixed sizes and the tolerance entry for ONNX weights", () => {
    const rdf = parseBioimageioRdf(parseYaml(v05));
    expect(rdf.format).toBe("0.5");
    expect(rdf.inputs[0].axes).toEqual([
      { type: "batch", id: "batch" },
      { type: "channel", id: "channel", size: 2, channelNames: ["a", "b"] },
      { type: "space", id: "y", size: 16 },
      { type: "space", id: "x" },
    ]);
    expect(rdf.outputs[0]).toMatchObject({
      id: "prob",
      test: "out.npy",
      testField: "outputs[0].test_tensor",
    });
    expect(rdf.weights).toEqual({ source: "w.onnx" });
    expect(rdf.tolerance).toEqual({ absolute: 1e-4, relative: 0.01, mismatchedPerMillion: 0 });
  });

  it("normalizes rdf 0.4 axis letters, shapes, test lists and the default tolerance", () => {
    const rdf = parseBioimageioRdf(parseYaml(v04));
    expect(rdf.inputs[0].axes.map((a) => [a.type, a.id, a.size])).toEqual([
      ["batch", "batch", 1],
      ["channel", "channel", 2],
      ["space", "y", 16],
      ["space", "x", 16],
    ]);
    expect(rdf.inputs[0]).toMatchObject({ id: "input0", test: "in.npy", testField: "test_inputs[0]" });
    expect(rdf.weights.sha256).toBe("a".repeat(64));
    expect(rdf.tolerance).toEqual({ absolute: 1.5e-4, relative: 0, mismatchedPerMillion: 0 });
  });

  it("names the field of what is missing or not supported", () => {
    const fails = (text: string, code: string, field: string) =>
      expect(() => parseBioimageioRdf(parseYaml(text), "m.zip:rdf.yaml")).toThrow(
        expect.objectContaining({ code, field, file: "m.zip:rdf.yaml" }),
      );
    fails(
      v04.replace("format_version: 0.4.9", "format_version: 0.3.2"),
      "UNSUPPORTED_FORMAT",
      "format_version",
    );
    fails(
      v04.replace("format_version: 0.4.9", "format_version: 0.4"),
      "UNSUPPORTED_FORMAT",
      "format_version",
    );
    fails(v04.replace("type: model", "type: dataset"), "UNSUPPORTED_FORMAT", "type");
    fails(v04.replace("test_outputs: [out.npy]", ""), "INVALID_SPEC", "test_outputs");
    fails(v04.replace("axes: bcyx", "axes: bqyx"), "INVALID_SPEC", "inputs[0].axes");
    fails(v04.replace("shape: [1, 2, 16, 16]", "shape: [1, 2, 16]"), "INVALID_SPEC", "inputs[0].shape");
    fails(
      v05.replace("test_tensor: {source: in.npy}", "data: {type: float32}"),
      "INVALID_SPEC",
      "inputs[0].test_tensor",
    );
    fails(
      v05.replace("type: batch}, {type: channel", "type: batch}, {type: spectral"),
      "UNSUPPORTED_FORMAT",
      "inputs[0].axes[1].type",
    );
    fails(v05.replace("weights: {onnx: {source: w.onnx}, ", "weights: {"), "UNSUPPORTED_FORMAT", "weights");
  });
});
