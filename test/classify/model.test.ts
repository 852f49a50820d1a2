import { describe, expect, it } from "vitest";
import { bundleFromParts } from "../../src/classify/bundle";
import type { ModelCard } from "../../src/classify/bundle-schema";
import { loadModel } from "../../src/classify/model";
import { CtcError } from "../../src/core/errors";
import { BACKENDS, fixtureBytes, fixtureJson } from "./fixtures";

const [, ort] = BACKENDS[0];

async function load(name: string, patch: (card: ModelCard) => object = (c) => c) {
  const { sha256: _, ...card } = fixtureJson<ModelCard>(`${name}.json`);
  return loadModel(ort, await bundleFromParts(fixtureBytes(`${name}.onnx`), patch(card as ModelCard)));
}

async function mismatch(name: string, patch: (card: ModelCard) => object): Promise<CtcError> {
  try {
    await load(name, patch);
  } catch (error) {
    expect(error).toBeInstanceOf(CtcError);
    expect((error as CtcError).code).toBe("MODEL_MISMATCH");
    return error as CtcError;
  }
  return expect.unreachable();
}

describe("loadModel", () => {
  it("finds names, batch size, output width and head", async () => {
    const resnet = await load("resnet18-w16");
    expect(resnet).toMatchObject({
      inputName: "input",
      outputName: "logits",
      outputWidth: 2,
      activation: "none",
      positive: 1,
    });
    expect(resnet.fixedBatch).toBeUndefined();
    const named = await load("named-io");
    expect(named).toMatchObject({ inputName: "pixels", outputName: "scores", fixedBatch: 1 });
    expect((await load("softmax-head")).activation).toBe("softmax");
    expect(await load("sigmoid-head")).toMatchObject({ activation: "sigmoid", outputWidth: 1 });
    await Promise.all([resnet, named].map((m) => m.session.release()));
  });

  it("trusts a declared activation over the graph", async () => {
    const model = await load("softmax-head", (c) => ({ ...c, output: { activation: "none" } }));
    expect(model.activation).toBe("none");
  });

  const input = (c: ModelCard, patch: object) => ({ ...c, input: { ...c.input, ...patch } });

  it("names the channel count on both sides", async () => {
    const ch = ["BF", "DAPI", "CK"];
    const error = await mismatch("resnet18-w16", (c) => ({
      ...input(c, { channels: ch }),
      preprocess: { ...c.preprocess, channels: ch },
    }));
    expect(error.field).toBe("input.channels");
    expect([error.expected, error.actual]).toEqual([3, 4]);
  });

  it("names the spatial size on both sides", async () => {
    const error = await mismatch("resnet18-w16", (c) => input(c, { height: 96 }));
    expect([error.field, error.expected, error.actual]).toEqual(["input.height", 96, 64]);
    expect((await mismatch("named-io", (c) => input(c, { width: 31 }))).field).toBe("input.width");
  });

  it("names the class count against the output size", async () => {
    const error = await mismatch("resnet18-w16", (c) => ({ ...c, classes: ["a", "ctc", "b"] }));
    expect([error.field, error.expected, error.actual]).toEqual(["classes", 3, 2]);
  });

  it("names unknown input and output names with those the graph has", async () => {
    const error = await mismatch("named-io", (c) => input(c, { name: "input" }));
    expect(error.field).toBe("input.name");
    expect(error.actual).toBe("input");
    expect(error.expected).toEqual(["pixels"]);
    expect((await mismatch("named-io", (c) => ({ ...c, output: { name: "logits" } }))).field).toBe(
      "output.name",
    );
  });

  it("refuses a softmax declared over a single output value", async () => {
    expect((await mismatch("sigmoid-head", (c) => ({ ...c, output: { activation: "softmax" } }))).field).toBe(
      "output.activation",
    );
  });
});
