import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { type BioimageioBundle, isBioimageioBundle, readBioimageio } from "../../src/classify/bioimageio";
import { selfCheckBioimageio } from "../../src/classify/bioimageio-check";
import { readBundle } from "../../src/classify/bundle";
import { createClassifier } from "../../src/classify/classifier";
import type { OrtRuntime } from "../../src/classify/runtime";
import { isCtcError } from "../../src/core/errors";
import { createStack } from "../../src/core/stack";
import { readNpy } from "../../src/io/npy";
import { readZip, writeZip } from "../../src/io/zip";
import { createNodeClassifier } from "../../src/node/runtime";
import { BACKENDS } from "./fixtures";

/** Folder written by scripts/fixtures/bioimageio.py. */
const FIXTURES = join(import.meta.dirname, "..", "fixtures", "bioimageio");
const PACKAGES = ["cnn-v04", "cnn-v05"] as const;
const runtime = ort as unknown as OrtRuntime;

const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, `${name}.zip`)));
const entries = (name: string) => readZip(bytes(name));
const rdfName = (name: string) => (name === "cnn-v04" ? "rdf.yaml" : "bioimageio.yaml");
const rdfText = (name: string) => new TextDecoder().decode(entries(name).get(rdfName(name)));

/** The package with its rdf edited and other entries replaced. */
function variant(name: string, edit: (rdf: string) => string, replace: Record<string, Uint8Array> = {}) {
  const files = new Map(entries(name));
  files.set(rdfName(name), new TextEncoder().encode(edit(rdfText(name))));
  for (const [path, data] of Object.entries(replace)) files.set(path, data);
  return files;
}

function rejectsWith(promise: Promise<unknown>, code: string, field: string | RegExp) {
  return expect(promise).rejects.toSatisfy((e) => {
    if (!isCtcError(e) || e.code !== code) return false;
    return typeof field === "string" ? e.field === field : field.test(e.field ?? "");
  });
}

describe("readBioimageio", () => {
  it("reads rdf 0.4 with bcyx axes into a card: generic names, raw logits, scale_range", async () => {
    const bundle = await readBioimageio(entries("cnn-v04"), { file: "cnn-v04.zip" });
    expect(bundle.card.classes).toEqual(["class_0", "class_1"]);
    expect(bundle.card.positiveClass).toBe("class_1");
    expect(bundle.card.threshold).toBe(0.5);
    expect(bundle.card.input).toEqual({
      name: "raw",
      channels: ["channel0", "channel1", "channel2"],
      height: 32,
      width: 32,
    });
    expect(bundle.card.preprocess.steps).toEqual([
      { op: "scale_range", mode: "per_sample", min_percentile: 1, max_percentile: 99.8 },
    ]);
    expect(bundle.card.provenance).toEqual({
      data: "persist/synthetic-cells",
      date: "2024-01-01T00:00:00",
      code: "bioimage.io model package (rdf 0.4.10), https://example.org/persist/ctc",
    });
    // NCHW in, nothing after the output: the graph is used as shipped.
    expect(bundle.model).toEqual(entries("cnn-v04").get("weights.onnx"));
    expect(bundle.bioimageio.rdf.tolerance).toEqual({
      absolute: 1.5e-4,
      relative: 0,
      mismatchedPerMillion: 0,
    });
  });

  it("reads rdf 0.5 with byxc axes: channel names, a binary head, a Transpose in front", async () => {
    const bundle = await readBioimageio(entries("cnn-v05"));
    expect(bundle.card.classes).toEqual(["not CTC", "CTC"]);
    expect(bundle.card.input.channels).toEqual(["DAPI", "CK", "CD45"]);
    expect(bundle.card.input.name).toBe("raw.nchw");
    expect(bundle.card.preprocess.steps.map((s) => s.op)).toEqual([
      "zero_mean_unit_variance",
      "scale_linear",
    ]);
    expect(bundle.bioimageio.inputLayout.order).toEqual([0, 3, 1, 2]);
    expect(bundle.bioimageio.rdf.tolerance).toEqual({
      absolute: 1e-4,
      relative: 1e-3,
      mismatchedPerMillion: 0,
    });
  });

  it("takes channel and class names, positive class and threshold from options", async () => {
    const bundle = await readBioimageio(entries("cnn-v04"), {
      channels: ["DAPI", "CK", "CD45"],
      classes: ["CTC", "WBC"],
      positiveClass: "CTC",
      threshold: 0.3,
    });
    expect(bundle.card.preprocess.channels).toEqual(["DAPI", "CK", "CD45"]);
    expect([bundle.card.positiveClass, bundle.card.threshold]).toEqual(["CTC", 0.3]);
    await rejectsWith(
      readBioimageio(entries("cnn-v04"), { channels: ["a"] }),
      "INVALID_ARGUMENT",
      "channels",
    );
  });
});

describe("selfCheckBioimageio", () => {
  for (const name of PACKAGES) {
    for (const [backend, runtimeOf] of BACKENDS) {
      it(`${name} reproduces its test output on ${backend}`, async () => {
        const report = await selfCheckBioimageio(runtimeOf, await readBioimageio(entries(name)));
        expect(report.mismatched).toBe(0);
        expect(report.maxAbsoluteError).toBeLessThan(1e-5);
      });
    }
  }

  it("fails with a typed error naming the test output when the test output is tampered with", async () => {
    const npy = entries("cnn-v04").get("test_output.npy")!.slice();
    // The data are the file's last bytes: write the edited values over them, the header unchanged.
    const values = Float32Array.from(readNpy(npy).data);
    values[3] += 0.01;
    npy.set(new Uint8Array(values.buffer), npy.length - values.byteLength);
    const bundle = await readBioimageio(
      variant("cnn-v04", (r) => r, { "test_output.npy": npy }),
      { file: "t.zip" },
    );
    await expect(selfCheckBioimageio(runtime, bundle)).rejects.toSatisfy(
      (e) =>
        isCtcError(e, "MODEL_MISMATCH") &&
        e.file === "t.zip:rdf.yaml" &&
        e.field === "test_outputs[0]" &&
        (e.actual as { mismatched: number }).mismatched === 1,
    );
  });

  it("passes a tampered output that lies within a stated looser tolerance", async () => {
    const npy = entries("cnn-v04").get("test_output.npy")!.slice();
    const values = Float32Array.from(readNpy(npy).data);
    values[0] += 0.01;
    npy.set(new Uint8Array(values.buffer), npy.length - values.byteLength);
    const loose = variant("cnn-v04", (r) => r.replace("decimal: 4", "decimal: 1"), {
      "test_output.npy": npy,
    });
    const report = await selfCheckBioimageio(runtime, await readBioimageio(loose));
    expect(report.maxAbsoluteError).toBeGreaterThan(0.009);
  });
});

describe("classification of bioimage.io packages", () => {
  for (const name of PACKAGES) {
    it(`${name}: the classifier's scores equal the package's test outputs`, async () => {
      const bundle = (await readBundle(bytes(name), { file: `${name}.zip` })) as BioimageioBundle;
      expect(isBioimageioBundle(bundle)).toBe(true);
      const { testInput, testOutput, inputLayout } = bundle.bioimageio;
      const { channels, height, width } = bundle.card.input;
      // Test inputs in N x C x H x W, whatever the package's layout.
      const [n] = [testInput.shape[inputLayout.order[0]]];
      const cells = Array.from({ length: n }, (_, i) => {
        const data = new Float32Array(channels.length * height * width);
        for (let c = 0; c < channels.length; c++)
          for (let y = 0; y < height; y++)
            for (let x = 0; x < width; x++) {
              const index = [i, c, y, x];
              const at = inputLayout.order
                .map((axis, k) => [axis, index[k]] as const)
                .reduce(
                  (sum, [axis, v]) => sum + v * testInput.shape.slice(axis + 1).reduce((a, b) => a * b, 1),
                  0,
                );
              data[(c * height + y) * width + x] = Number(testInput.data[at]);
            }
        return createStack(data, { channels, height, width });
      });
      const classifier = await createClassifier(runtime, bundle);
      const predictions = await classifier.classify(cells);
      await classifier.release();
      const expected = Array.from(testOutput.data, Number);
      if (name === "cnn-v04") {
        // Raw logits: the classifier's logits are the graph output.
        for (const p of predictions) {
          expect(p.logits[0]).toBeCloseTo(expected[p.index * 2], 4);
          expect(p.logits[1]).toBeCloseTo(expected[p.index * 2 + 1], 4);
        }
      } else {
        // Sigmoid postprocessing: the positive probability is the package's output.
        for (const p of predictions) expect(p.positiveProbability).toBeCloseTo(expected[p.index], 5);
      }
    });
  }

  it("createNodeClassifier loads a package from a path and self-checks it on load", async () => {
    const classifier = await createNodeClassifier(join(FIXTURES, "cnn-v05.zip"));
    expect(classifier.classes).toEqual(["not CTC", "CTC"]);
    await classifier.release();
  });

  it("createNodeClassifier refuses a package that fails its self-check, unless told to skip it", async () => {
    const npy = entries("cnn-v05").get("test_output.npy")!.slice();
    const values = Float32Array.from(readNpy(npy).data);
    values[0] += 0.1;
    npy.set(new Uint8Array(values.buffer), npy.length - values.byteLength);
    const files = variant("cnn-v05", (r) => r, { "test_output.npy": npy });
    await expect(createNodeClassifier(await readBioimageio(files))).rejects.toSatisfy((e) =>
      isCtcError(e, "MODEL_MISMATCH"),
    );
    const classifier = await createNodeClassifier(await readBioimageio(files, { selfCheck: false }));
    await classifier.release();
  });
});

describe("errors that name the field", () => {
  it("refuses an unknown format_version", async () => {
    await rejectsWith(
      readBioimageio(variant("cnn-v05", (r) => r.replace("format_version: 0.5.3", "format_version: 0.6.0"))),
      "UNSUPPORTED_FORMAT",
      "format_version",
    );
  });

  it("reports malformed YAML with the file and line", async () => {
    const files = variant("cnn-v04", (r) => r.replace("type: model", "type: [model"));
    await expect(readBioimageio(files, { file: "m.zip" })).rejects.toSatisfy(
      (e) => isCtcError(e, "INVALID_SPEC") && e.file === "m.zip:rdf.yaml" && /^line \d+$/.test(e.field ?? ""),
    );
  });

  it("reports missing weights, other weight formats and a missing weights file", async () => {
    const noWeights = (r: string) => r.replace(/weights:\n {2}onnx:\n(?: {4}.*\n)+/, "");
    await rejectsWith(readBioimageio(variant("cnn-v05", noWeights)), "INVALID_SPEC", "weights");
    const torch = (r: string) => r.replace("weights:\n  onnx:", "weights:\n  pytorch_state_dict:");
    await rejectsWith(readBioimageio(variant("cnn-v05", torch)), "UNSUPPORTED_FORMAT", "weights");
    const files = variant("cnn-v05", (r) => r);
    files.delete("weights.onnx");
    await rejectsWith(readBioimageio(files), "MODEL_INVALID", "weights.onnx.source");
  });

  it("refuses weights that do not match their sha256", async () => {
    const weights = entries("cnn-v04").get("weights.onnx")!.slice();
    weights[weights.length - 1] ^= 1;
    await rejectsWith(
      readBioimageio(variant("cnn-v04", (r) => r, { "weights.onnx": weights })),
      "MODEL_INVALID",
      "weights.onnx.sha256",
    );
  });

  it("refuses 3-d inputs and outputs that are not class scores", async () => {
    const zyx = (r: string) => r.replace("axes: bcyx", "axes: bczyx");
    await rejectsWith(readBioimageio(variant("cnn-v04", zyx)), "UNSUPPORTED_FORMAT", /^inputs\[0\]/);
    const bcyx = (r: string) => r.replace("axes: bc\n", "axes: bcyx\n");
    await rejectsWith(readBioimageio(variant("cnn-v04", bcyx)), "UNSUPPORTED_FORMAT", "outputs[0].axes");
  });

  it("refuses preprocessing it cannot run, naming the operation", async () => {
    const binarize = (r: string) => r.replace("name: scale_range", "name: binarize");
    await rejectsWith(
      readBioimageio(variant("cnn-v04", binarize)),
      "UNSUPPORTED_FORMAT",
      "inputs[0].preprocessing[0]",
    );
    const joint = (r: string) => r.replace("axes: xy,", "axes: cxy,");
    await rejectsWith(
      readBioimageio(variant("cnn-v04", joint)),
      "UNSUPPORTED_FORMAT",
      "inputs[0].preprocessing[0].kwargs.axes",
    );
    const dataset = (r: string) => r.replace("mode: per_sample", "mode: per_dataset");
    await rejectsWith(
      readBioimageio(variant("cnn-v04", dataset)),
      "UNSUPPORTED_FORMAT",
      "inputs[0].preprocessing[0].kwargs.mode",
    );
    const eps = (r: string) => r.replace("eps: 1.0e-6", "eps: 0.5");
    await rejectsWith(
      readBioimageio(variant("cnn-v05", eps)),
      "INVALID_SPEC",
      "inputs[0].preprocessing[1].kwargs.eps",
    );
  });

  it("refuses a missing test tensor", async () => {
    const files = variant("cnn-v05", (r) => r);
    files.delete("test_input.npy");
    await rejectsWith(readBioimageio(files), "MODEL_INVALID", "inputs[0].test_tensor");
  });
});

describe("readBundle on bioimage.io zips", () => {
  it("passes bioimage.io options through", async () => {
    const bytes04 = writeZip(entries("cnn-v04"));
    const bundle = await readBundle(bytes04, { bioimageio: { classes: ["WBC", "CTC"] } });
    expect(bundle.card.classes).toEqual(["WBC", "CTC"]);
  });
});
