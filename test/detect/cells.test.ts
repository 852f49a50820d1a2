import { describe, expect, it } from "vitest";
import type { CellPrediction } from "../../src/classify/index";
import type { ChannelStack } from "../../src/core/index";
import { detectCandidates } from "../../src/detect/candidates";
import { classifyCells, describeCells } from "../../src/detect/cells";
import { discField } from "./discs";

const field = discField(
  120,
  160,
  [
    { x: 40, y: 40, r: 10, dapi: 1000, ck: 900 },
    { x: 120, y: 80, r: 6, dapi: 800, cd45: 900 },
    { x: 5, y: 100, r: 6, dapi: 800, cd45: 900 },
  ],
  { noise: 4 },
);

describe("describeCells", () => {
  const candidates = detectCandidates(field);
  const cells = describeCells(field, candidates, { cropSize: 48 });

  it("crops all channels around each nucleus and flags padded crops", () => {
    expect(cells).toHaveLength(3);
    for (const cell of cells) {
      expect(cell.crop.height).toBe(48);
      expect(cell.crop.channels).toEqual(["DAPI", "CK", "CD45"]);
    }
    const edge = cells.find((c) => c.x < 20)!;
    expect(edge.cropPadded).toBe(true);
    // Constant padding: the crop's left columns are zero.
    expect(edge.crop.data[0]).toBe(0);
    const inner = cells.find((c) => c.x > 100)!;
    expect(inner.cropPadded).toBe(false);
    // The crop centre is the nucleus: bright DAPI there.
    expect(inner.crop.data[24 * 48 + 24]).toBeGreaterThan(900);
  });

  it("measures marker intensities that tell the CTC from the leukocyte", () => {
    const ctc = cells.find((c) => Math.abs(c.x - 40) < 2)!;
    const wbc = cells.find((c) => Math.abs(c.x - 120) < 2)!;
    expect(ctc.features.CK.mean).toBeGreaterThan(wbc.features.CK.mean + 500);
    expect(wbc.features.CD45.mean).toBeGreaterThan(ctc.features.CD45.mean + 500);
    expect(ctc.features.DAPI.area).toBe(ctc.features.CK.area);
    expect(ctc.features.DAPI.integrated).toBeCloseTo(ctc.features.DAPI.mean * ctc.features.DAPI.area, 6);
  });
});

describe("classifyCells", () => {
  it("attaches predictions and ranks by CTC probability", async () => {
    const cells = describeCells(field, detectCandidates(field), { cropSize: 32 });
    // A stand-in classifier: the CTC probability is the crop's mean CK share.
    const classifier = {
      async classify(stacks: Iterable<ChannelStack>): Promise<CellPrediction[]> {
        return [...stacks].map((s, index) => {
          const plane = s.height * s.width;
          let ck = 0;
          for (let i = plane; i < 2 * plane; i++) ck += s.data[i];
          const p = Math.min(1, ck / plane / 1000);
          return {
            index,
            label: p > 0.5 ? "CTC" : "WBC",
            labelIndex: p > 0.5 ? 1 : 0,
            positiveProbability: p,
            probabilities: [1 - p, p],
            logits: [0, 0],
          };
        });
      },
    };
    const ranked = await classifyCells(cells, classifier);
    expect(ranked[0].prediction.label).toBe("CTC");
    expect(Math.abs(ranked[0].x - 40)).toBeLessThan(2);
    const p = ranked.map((c) => c.prediction.positiveProbability);
    expect([...p].sort((a, b) => b - a)).toEqual(p);
  });
});
