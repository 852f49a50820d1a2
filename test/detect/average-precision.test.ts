import { describe, expect, it } from "vitest";
import { averagePrecision, type CocoBox, type CocoScoredBox } from "../../src/detect/average-precision";
import cases from "../fixtures/detect/ap.json";

describe("averagePrecision", () => {
  for (const c of cases) {
    it(`equals the NumPy COCOeval reference bit for bit: ${c.name}`, () => {
      const r = averagePrecision(c.gts as unknown as CocoBox[], c.dts as unknown as CocoScoredBox[]);
      expect(r.ap).toBe(c.ap);
      if ("perCategory" in c && c.perCategory) {
        for (const [k, v] of Object.entries(c.perCategory)) expect(r.perCategory.get(Number(k))).toBe(v);
      }
    });
  }

  it("works out the hand case: TP, FP, TP over two truths", () => {
    // Recall .5, .5, 1 and precision 1, .5, 2/3: 51 thresholds read 1, 50 read 2/3.
    const box = (x: number): [number, number, number, number] => [x, 0, 10, 10];
    const gts = [box(0), box(50)].map((bbox) => ({ image_id: 1, category_id: 1, bbox }));
    const dts = [
      { image_id: 1, category_id: 1, bbox: box(0), score: 0.9 },
      { image_id: 1, category_id: 1, bbox: box(300), score: 0.8 },
      { image_id: 1, category_id: 1, bbox: box(50), score: 0.7 },
    ];
    expect(averagePrecision(gts, dts).ap).toBeCloseTo((51 + (50 * 2) / 3) / 101, 12);
    // Without the false positive the curve is flat at 1.
    expect(averagePrecision(gts, [dts[0], dts[2]]).ap).toBeCloseTo(1, 12);
  });

  it("is 0 without detections, -1 without ground truth, and ignores other images", () => {
    const gts = [{ image_id: 1, category_id: 1, bbox: [0, 0, 5, 5] as const }];
    expect(averagePrecision(gts, []).ap).toBe(0);
    expect(averagePrecision([], []).ap).toBe(-1);
    const elsewhere = [{ image_id: 2, category_id: 1, bbox: [0, 0, 5, 5] as const, score: 1 }];
    expect(averagePrecision(gts, elsewhere).ap).toBe(0);
  });
});
