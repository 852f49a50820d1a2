import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/index";
import { detectCandidates } from "../../src/detect/candidates";
import { matchDetections } from "../../src/detect/match";
import { discField, scatteredDiscs } from "./discs";

describe("detectCandidates", () => {
  const discs = scatteredDiscs(300, 400, 50, 3);
  const field = discField(300, 400, discs, { seed: 11 });
  const truths = discs.map((d) => ({
    bbox: [d.x - d.r, d.y - d.r, 2 * d.r, 2 * d.r] as const,
    x: d.x,
    y: d.y,
  }));

  for (const threshold of [{ method: "local" }, { method: "noise" }] as const) {
    it(`finds every disc, dim or bright, on a tilted noisy background (${threshold.method})`, () => {
      const found = detectCandidates(field, { threshold });
      const detections = found.map((c) => ({ ...c, score: 1 }));
      const m = matchDetections(detections, truths, { by: "centroid", threshold: 2 });
      expect(m.recall).toBe(1);
      expect(m.precision).toBe(1);
    });
  }

  it("with Otsu, finds discs of even brightness but drops the dimmest of a wide range (why it is not the default)", () => {
    const even = discs.map((d) => ({ ...d, dapi: 800 }));
    const evenTruths = even.map((d) => ({ bbox: [0, 0, 0, 0] as const, x: d.x, y: d.y }));
    const found = detectCandidates(discField(300, 400, even, { seed: 11 }), {
      threshold: { method: "otsu" },
    });
    const m = matchDetections(
      found.map((c) => ({ ...c, score: 1 })),
      evenTruths,
      { by: "centroid", threshold: 2 },
    );
    expect(m.recall).toBe(1);
    const wide = detectCandidates(field, { threshold: { method: "otsu" } });
    expect(wide.length).toBeLessThan(discs.length);
  });

  it("reports sizes in micrometres from the stack's pixel size", () => {
    const one = discField(80, 80, [{ x: 40, y: 40, r: 10, dapi: 1000 }], { noise: 0 });
    const [c] = detectCandidates(one);
    expect(c.areaPx).toBe(317);
    expect(c.areaUm2).toBeCloseTo(317 * 0.64 ** 2, 9);
    expect(c.diameterUm).toBeCloseTo(2 * Math.sqrt((317 * 0.64 ** 2) / Math.PI), 9);
    expect(c.x).toBeCloseTo(40, 9);
    expect(c.bbox).toEqual([30, 30, 21, 21]);
    expect(c.mask.reduce((a, b) => a + b, 0)).toBe(317);
    expect(c.touchesBorder).toBe(false);
  });

  it("splits touching nuclei and drops debris below the size filter", () => {
    const stack = discField(
      80,
      120,
      [
        { x: 40, y: 40, r: 10, dapi: 1000 },
        { x: 57, y: 40, r: 10, dapi: 1000 },
        { x: 100, y: 15, r: 2, dapi: 1000 },
      ],
      { noise: 5 },
    );
    expect(detectCandidates(stack)).toHaveLength(2);
    expect(detectCandidates(stack, { split: false })).toHaveLength(1);
    expect(detectCandidates(stack, { minDiameterUm: 1 })).toHaveLength(3);
  });

  it("flags a nucleus cut by the field edge", () => {
    const stack = discField(60, 60, [{ x: 3, y: 30, r: 8, dapi: 1000 }], { noise: 0 });
    expect(detectCandidates(stack)[0].touchesBorder).toBe(true);
  });

  it("needs a pixel size and the nucleus channel", () => {
    const bare = createStack(new Uint16Array(4), { channels: ["DAPI"], height: 2, width: 2 });
    expect(() => detectCandidates(bare)).toThrow(/pixel size/);
    expect(detectCandidates(bare, { pixelSizeUm: 0.5 })).toEqual([]);
    expect(() => detectCandidates(field, { nucleusChannel: "Hoechst" })).toThrow(/Hoechst/);
  });
});
