import { describe, expect, it } from "vitest";
import { bundleFromParts, type ModelCardInit, readBundle, writeBundle } from "../../src/classify/bundle";
import type { ModelCard } from "../../src/classify/bundle-schema";
import { sha256Hex } from "../../src/classify/sha256";
import { isCtcError } from "../../src/core/errors";
import { readZip, writeZip } from "../../src/io/zip";
import { fixtureBytes, fixtureJson } from "./fixtures";

const model = fixtureBytes("small-resnet.onnx");
const { format: _f, formatVersion: _v, sha256: _s, ...init } = fixtureJson<ModelCard>("small-resnet.json");
const card: ModelCardInit = init;
const text = new TextEncoder();

describe("writeBundle / readBundle", () => {
  it("round-trips the card and the graph, with the digest filled in", async () => {
    const zip = await writeBundle(model, card);
    const bundle = await readBundle(zip);
    expect(bundle.model).toEqual(model);
    expect(bundle.card.sha256).toBe(await sha256Hex(model));
    expect(bundle.card.classes).toEqual(card.classes);
    expect(bundle.card.preprocess).toEqual(card.preprocess);
    expect([...readZip(zip).keys()]).toEqual(["model.json", "model.onnx"]);
  });

  it("writes the same bytes for the same inputs", async () => {
    expect(await writeBundle(model, card)).toEqual(await writeBundle(model, card));
  });

  it("reads a bundle zipped by Python's zipfile", async () => {
    const bundle = await readBundle(fixtureBytes("small-resnet.zip"), { file: "small-resnet.zip" });
    expect(bundle.card.name).toBe("small-resnet");
    expect(bundle.model).toEqual(model);
  });

  it("refuses to write an invalid card, naming the field", async () => {
    await expect(writeBundle(model, { ...card, positiveClass: "tumour" })).rejects.toSatisfy(
      (e) => isCtcError(e, "INVALID_SPEC") && (e as { field?: string }).field === "positiveClass",
    );
  });

  it("refuses a graph that does not match its digest, naming both digests", async () => {
    const zip = readZip(await writeBundle(model, card));
    const tampered = zip.get("model.onnx")!.slice();
    tampered[tampered.length - 1] ^= 1;
    const bytes = writeZip(
      new Map([
        ["model.json", zip.get("model.json")!],
        ["model.onnx", tampered],
      ]),
    );
    await expect(readBundle(bytes, { file: "x.zip" })).rejects.toSatisfy(
      (e) =>
        isCtcError(e, "MODEL_INVALID") &&
        String(e).includes("x.zip") &&
        String(e).includes(
          (JSON.parse(new TextDecoder().decode(zip.get("model.json"))) as ModelCard).sha256!,
        ),
    );
  });

  it("requires a digest in zipped bundles", async () => {
    const bytes = writeZip({
      "model.json": text.encode(
        JSON.stringify({ ...fixtureJson<object>("small-resnet.json"), sha256: undefined }),
      ),
      "model.onnx": model,
    });
    await expect(readBundle(bytes)).rejects.toSatisfy(
      (e) => isCtcError(e, "MODEL_INVALID") && String(e).includes("sha256"),
    );
  });

  it("lists what it found when an entry is missing, and reads an rdf zip as a bioimage.io package", async () => {
    await expect(readBundle(writeZip({ "model.onnx": model }))).rejects.toSatisfy(
      (e) => isCtcError(e, "MODEL_INVALID") && String(e).includes("model.onnx"),
    );
    await expect(
      readBundle(writeZip({ "rdf.yaml": text.encode("format_version: 0.5.0") })),
    ).rejects.toSatisfy(
      (e) => isCtcError(e, "UNSUPPORTED_FORMAT") && (e as { field?: string }).field === "type",
    );
  });

  it("reports bad JSON as INVALID_SPEC", async () => {
    const bytes = writeZip({ "model.json": text.encode("{nope"), "model.onnx": model });
    await expect(readBundle(bytes)).rejects.toSatisfy((e) => isCtcError(e, "INVALID_SPEC"));
  });
});

describe("bundleFromParts", () => {
  it("takes the card as an object, JSON text or JSON bytes", async () => {
    const json = fixtureJson<object>("small-resnet.json");
    for (const form of [json, JSON.stringify(json), text.encode(JSON.stringify(json))]) {
      expect((await bundleFromParts(model, form)).card.name).toBe("small-resnet");
    }
  });

  it("checks the digest when the card has one and accepts a card without", async () => {
    await expect(
      bundleFromParts(fixtureBytes("named-io.onnx"), fixtureJson("small-resnet.json")),
    ).rejects.toSatisfy((e) => isCtcError(e, "MODEL_INVALID"));
    const { sha256: _, ...bare } = fixtureJson<ModelCard>("small-resnet.json");
    expect((await bundleFromParts(model, bare)).card.sha256).toBeUndefined();
  });
});
