import { describe, expect, it } from "vitest";
import { type ModelCard, validateModelCard } from "../../src/classify/bundle-schema";
import { CtcError } from "../../src/core/errors";
import { fixtureJson } from "./fixtures";

const card = fixtureJson<Record<string, unknown>>("resnet18-w16.json");

function fieldOf(json: unknown): string | undefined {
  try {
    validateModelCard(json);
  } catch (error) {
    expect(error).toBeInstanceOf(CtcError);
    expect((error as CtcError).code).toBe("INVALID_SPEC");
    return (error as CtcError).field;
  }
  return undefined;
}

describe("validateModelCard", () => {
  it("accepts the fixture cards and keeps every documented field", () => {
    const valid: ModelCard = validateModelCard(card);
    expect(valid.classes).toEqual(["leukocyte", "ctc"]);
    expect(valid.input).toEqual({ channels: ["BF", "DAPI", "CK", "CD45"], height: 64, width: 64 });
    expect(valid.preprocess.statistics?.channels.BF.mean).toBeGreaterThan(0);
    expect(valid.evaluation?.metrics.f1).toEqual({ mean: 0.5, std: 0.1 });
    expect(valid.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const name of ["small-resnet", "softmax-head", "sigmoid-head", "named-io"]) {
      expect(() => validateModelCard(fixtureJson(`${name}.json`))).not.toThrow();
    }
  });

  it("defaults the TTA to the identity and the output to 'read the graph'", () => {
    const { tta: _t, output: _o, ...rest } = card;
    const valid = validateModelCard(rest);
    expect(valid.tta).toEqual({ views: [0] });
    expect(valid.output).toEqual({});
  });

  it.each([
    ["format", { format: "other" }],
    ["formatVersion", { formatVersion: 2 }],
    ["name", { name: "" }],
    ["classes", { classes: ["only"] }],
    ["classes", { classes: ["a", "a"] }],
    ["classes[1]", { classes: ["a", 3] }],
    ["positiveClass", { positiveClass: "tumour" }],
    ["input", { input: null }],
    ["input.height", { input: { channels: ["BF", "DAPI", "CK", "CD45"], height: 0, width: 64 } }],
    ["input.width", { input: { channels: ["BF", "DAPI", "CK", "CD45"], height: 64, width: 6.5 } }],
    ["input.channels", { input: { channels: [], height: 64, width: 64 } }],
    ["preprocess.channels", { input: { channels: ["DAPI", "BF", "CK", "CD45"], height: 64, width: 64 } }],
    ["output.activation", { output: { activation: "relu" } }],
    ["threshold", { threshold: 1.5 }],
    ["tta.views[1]", { tta: { views: [0, 8] } }],
    ["tta.views", { tta: { views: [] } }],
    ["provenance.date", { provenance: { data: "x", code: "y" } }],
    ["evaluation.metrics.f1.std", { evaluation: { folds: 5, metrics: { f1: { mean: 0.7, std: -1 } } } }],
    ["evaluation.folds", { evaluation: { folds: 0, metrics: {} } }],
    ["sha256", { sha256: "ABC" }],
  ])("names the field %s", (field, patch) => {
    expect(fieldOf({ ...card, ...patch })).toBe(field);
  });

  it("prefixes the preprocessing spec's own field with 'preprocess.'", () => {
    const preprocess = {
      ...(card.preprocess as object),
      steps: [{ op: "resize", height: 64, width: 64, mode: "cubic" }],
    };
    expect(fieldOf({ ...card, preprocess })).toMatch(/^preprocess\.steps/);
  });

  it("says which file the error is in", () => {
    expect(() => validateModelCard({ ...card, threshold: "high" })).toThrow(/model\.json: threshold/);
    expect(fieldOf([])).toBe("(root)");
  });
});
