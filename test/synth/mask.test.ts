import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/synth/config";
import { objectMask } from "../../src/synth/mask";
import { sampleCell } from "../../src/synth/sample-cell";
import { shapeArea } from "../../src/synth/shapes";

describe("objectMask", () => {
  const config = resolveConfig();

  it("numbers the parts of an object and matches their areas", () => {
    for (let i = 0; i < 400; i++) {
      const truth = sampleCell(1, i, config);
      if (truth.type !== "doublet") continue;
      const mask = objectMask(truth, 50, 50, 0, 0, 100, 100);
      expect(new Set(mask)).toEqual(new Set([0, 1, 2]));
      const area = mask.reduce((s, v) => s + (v === 1 ? 1 : 0), 0);
      expect(area / shapeArea(truth.parts[0].body)).toBeGreaterThan(0.7);
      return;
    }
    expect.unreachable("no doublet in 400 cells");
  });

  it("clips to the window", () => {
    const truth = sampleCell(1, 0, config);
    const mask = objectMask(truth, 0, 0, 0, 0, 10, 10);
    expect(mask[0]).toBe(1);
    expect(mask.length).toBe(100);
  });
});
