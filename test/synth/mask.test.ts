import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/synth/config";
import { objectMask } from "../../src/synth/mask";
import { sampleCell } from "../../src/synth/sample-cell";
import { maxRadius, shapeArea, signedDistance } from "../../src/synth/shapes";

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

  it("holds exactly the pixels whose centre lies inside an outline, however irregular", () => {
    const bumpy = resolveConfig({ types: { ctc: { irregularity: 0.3, elongation: 0.5 } }, prevalence: 1 });
    for (const [cfg, seed] of [
      [config, 1],
      [bumpy, 2],
    ] as const) {
      for (let i = 0; i < 60; i++) {
        const truth = sampleCell(seed, i, cfg);
        const mask = objectMask(truth, 40.3, 39.6, 2, -1, 80, 80);
        const expected = new Uint8Array(80 * 80);
        truth.parts.forEach((part, p) => {
          const reach = maxRadius(part.body) + 1;
          for (let j = 0; j < 80; j++) {
            for (let k = 0; k < 80; k++) {
              const dx = 2 + k - (40.3 + part.body.x);
              const dy = -1 + j - (39.6 + part.body.y);
              if (Math.abs(dx) <= reach && Math.abs(dy) <= reach && signedDistance(part.body, dx, dy) <= 0)
                expected[j * 80 + k] = p + 1;
            }
          }
        });
        expect(mask).toEqual(expected);
      }
    }
  });

  it("clips to the window", () => {
    const truth = sampleCell(1, 0, config);
    const mask = objectMask(truth, 0, 0, 0, 0, 10, 10);
    expect(mask[0]).toBe(1);
    expect(mask.length).toBe(100);
  });
});
