import { describe, expect, it } from "vitest";
import { boxIou, matchDetections } from "../../src/detect/match";

describe("boxIou", () => {
  it("is 1 for equal boxes, 0 for disjoint or edge-touching ones, 1/2 for a third's shift", () => {
    expect(boxIou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(boxIou([0, 0, 10, 10], [10, 0, 10, 10])).toBe(0);
    expect(boxIou([10, 0, 30, 10], [0, 0, 30, 10])).toBe(0.5);
  });
});

describe("matchDetections", () => {
  const truths = [{ bbox: [0, 0, 10, 10] as const }, { bbox: [50, 0, 10, 10] as const }];

  it("counts TP, FP, FN by IoU, best score first", () => {
    const detections = [
      { bbox: [1, 0, 10, 10] as const, score: 0.5 },
      { bbox: [0, 0, 10, 10] as const, score: 0.9 },
      { bbox: [200, 200, 5, 5] as const, score: 0.7 },
    ];
    const r = matchDetections(detections, truths);
    // The higher-scoring exact box takes the first truth; the shifted one finds it taken.
    expect(Array.from(r.detectionMatch)).toEqual([-1, 0, -1]);
    expect([r.tp, r.fp, r.fn]).toEqual([1, 2, 1]);
    expect(r.precision).toBeCloseTo(1 / 3, 12);
    expect(r.recall).toBe(0.5);
    expect(r.f1).toBeCloseTo(0.4, 12);
  });

  it("matches by centroid distance, nearest free truth within the radius", () => {
    const detections = [
      { bbox: [0, 0, 2, 2] as const, x: 4, y: 5, score: 1 },
      { bbox: [0, 0, 2, 2] as const, x: 58, y: 5, score: 0.5 },
    ];
    const r = matchDetections(detections, truths, { by: "centroid", threshold: 3 });
    expect(Array.from(r.detectionMatch)).toEqual([0, 1]);
    expect(matchDetections(detections, truths, { by: "centroid", threshold: 0.5 }).tp).toBe(0);
  });

  it("needs a distance for centroid matching and handles empty inputs", () => {
    expect(() => matchDetections([], truths, { by: "centroid" })).toThrow(/distance/);
    expect(matchDetections([], [])).toMatchObject({ tp: 0, precision: 0, recall: 0, f1: 0 });
  });
});
