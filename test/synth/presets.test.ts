import { describe, expect, it } from "vitest";
import { bestThresholdF1, markerScore } from "../../src/synth/baseline";
import { resolveConfig } from "../../src/synth/config";
import { PRESETS, type PresetName } from "../../src/synth/presets";
import { generateCell } from "../../src/synth/render-cell";

function baselineF1(preset: PresetName, seed: number, n: number): number {
  const config = resolveConfig({ preset });
  const scores: number[] = [];
  const positives: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const cell = generateCell(seed, i, config);
    scores.push(markerScore(cell.stack, cell.mask));
    positives.push(cell.truth.label === "CTC");
  }
  return bestThresholdF1(scores, positives).f1;
}

describe("presets", () => {
  it("are complete configurations that resolve unchanged", () => {
    for (const name of Object.keys(PRESETS) as PresetName[]) {
      expect(resolveConfig({ preset: name })).toEqual(PRESETS[name]);
    }
  });

  // The calibration itself: a marker-threshold baseline (best single threshold on mean CK - mean CD45 in
  // the true mask) must find the easy preset trivial and the paper-like preset hard but not hopeless.
  it("make the easy preset nearly separable by a marker threshold", () => {
    expect(baselineF1("easy", 21, 600)).toBeGreaterThan(0.96);
  });

  // A trained ResNet, which also sees size and shape, lands near F1 0.86 (docs/models/default.md).
  it("put the paper-like preset's marker-threshold F1 between 0.55 and 0.70", () => {
    const f1 = baselineF1("paper-like", 22, 1500);
    expect(f1).toBeGreaterThan(0.55);
    expect(f1).toBeLessThan(0.7);
  });
});
