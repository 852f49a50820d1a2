import { describe, expect, it } from "vitest";
import { candidateObjects, objectLabels, scoreCandidates } from "../../examples/detect-field/truth";
import { detectCandidates, detectField, stackSource } from "../../src/detect/index";
import { fieldLayout, renderFieldWindow, resolveConfig } from "../../src/synth/index";

// The CI-sized acceptance run (the full one: examples/detect-field/run.ts): one 1024 x 1024 paper-like
// field, a seed used neither for the study's figures (1-4) nor for looking into misses (101-103).
const config = resolveConfig({ preset: "paper-like" });
const layout = fieldLayout(7, config, { width: 1024, height: 1024 });
const field = renderFieldWindow(layout, config, { x: 0, y: 0, width: 1024, height: 1024 });
const whole = detectCandidates(field);

describe("field detection on a simulated paper-like field, default settings", () => {
  it("finds at least 98 % of the nucleated objects and puts no candidate outside an object", () => {
    const score = scoreCandidates(layout, candidateObjects(objectLabels(layout), layout.width, whole));
    expect(score.cells).toBeGreaterThan(150);
    expect(score.cellsFound / score.cells).toBeGreaterThanOrEqual(0.98);
    expect(score.outside).toBe(0);
  });

  it("gives the same candidates tile by tile as on the whole field", () => {
    expect(detectField(stackSource(field), { tileSize: 512 })).toEqual(whole);
  });
});
