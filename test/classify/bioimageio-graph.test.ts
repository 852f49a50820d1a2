import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { adaptGraph } from "../../src/classify/bioimageio-graph";
import { readZip } from "../../src/io/zip";

const weights = (name: string) =>
  readZip(new Uint8Array(readFileSync(join(import.meta.dirname, "..", "fixtures", "bioimageio", name)))).get(
    "weights.onnx",
  )!;

async function run(model: Uint8Array, input: string, output: string, data: Float32Array, shape: number[]) {
  const session = await ort.InferenceSession.create(model);
  const result = await session.run({ [input]: new ort.Tensor("float32", data, shape) });
  await session.release();
  return { data: Array.from(result[output].data as Float32Array), dims: result[output].dims };
}

describe("adaptGraph", () => {
  // Two N x H x W x C cells with distinct values everywhere, so a wrong transpose changes the scores.
  const nhwc = Float32Array.from({ length: 2 * 32 * 32 * 3 }, (_, i) => Math.sin(i * 0.37) * 2);
  const nchw = new Float32Array(nhwc.length);
  for (let n = 0; n < 2; n++)
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 32; x++)
        for (let c = 0; c < 3; c++)
          nchw[((n * 3 + c) * 32 + y) * 32 + x] = nhwc[((n * 32 + y) * 32 + x) * 3 + c];

  it("puts a Transpose in front and the postprocessing behind, leaving the graph's own result intact", async () => {
    const model = weights("cnn-v05.zip");
    const base = await run(model, "raw", "scores", nhwc, [2, 32, 32, 3]);
    const adapted = adaptGraph(model, {
      input: "raw",
      inputPerm: [0, 2, 3, 1],
      output: "scores",
      ops: [{ op: "sigmoid" }, { op: "affine", gain: 2, offset: [-0.5] }, { op: "clip", min: 0, max: 0.6 }],
      classes: 1,
    });
    expect([adapted.input, adapted.output]).toEqual(["raw.nchw", "scores.bioimageio"]);
    const out = await run(adapted.model, adapted.input, adapted.output, nchw, [2, 3, 32, 32]);
    expect(out.dims).toEqual([2, 1]);
    base.data.forEach((z, i) => {
      const expected = Math.min(0.6, Math.max(0, 2 / (1 + Math.exp(-z)) - 0.5));
      expect(out.data[i]).toBeCloseTo(expected, 5);
    });
  });

  it("transposes a class x batch output to batch x class", async () => {
    const model = weights("cnn-v04.zip");
    const base = await run(model, "raw", "scores", nchw, [2, 3, 32, 32]);
    const adapted = adaptGraph(model, {
      input: "raw",
      output: "scores",
      outputPerm: [1, 0],
      ops: [],
      classes: 2,
    });
    const out = await run(adapted.model, adapted.input, adapted.output, nchw, [2, 3, 32, 32]);
    expect(out.dims).toEqual([2, 2]);
    expect(out.data).toEqual([base.data[0], base.data[2], base.data[1], base.data[3]]);
  });

  it("returns the bytes unchanged when nothing needs adapting, and names a missing value", () => {
    const model = weights("cnn-v04.zip");
    expect(adaptGraph(model, { input: "raw", output: "scores", ops: [], classes: 2 }).model).toBe(model);
    expect(() =>
      adaptGraph(model, { input: "pixels", inputPerm: [0, 2, 3, 1], output: "scores", ops: [], classes: 2 }),
    ).toThrow(expect.objectContaining({ code: "MODEL_INVALID", field: "inputs[0]" }));
  });
});
