import { describe, expect, it } from "vitest";
import { expectedCalibrationError, reliabilityBins } from "../../src/metrics/calibration";
import { allClose, byName, close, type Fx, fixture } from "./fixture";

const binary = fixture("binary").cases;

describe.each(byName(binary))("calibration parity on %s", (_, c: Fx) => {
  it("gives scikit-learn's calibration_curve for uniform and quantile bins", () => {
    for (const ref of c.calibration) {
      const r = reliabilityBins(c.yTrue, c.yScore, { nBins: ref.nBins, strategy: ref.strategy });
      expect(allClose(r.probTrue, ref.probTrue), `${ref.strategy} ${ref.nBins} true`).toBe(true);
      expect(allClose(r.probPred, ref.probPred), `${ref.strategy} ${ref.nBins} pred`).toBe(true);
      expect(r.bins).toHaveLength(ref.nBins);
      expect(r.bins.reduce((s, b) => s + b.count, 0)).toBe(c.yTrue.length);
    }
  });
  if (c.ece10 !== undefined) {
    it("gives the ECE of a NumPy implementation", () => {
      expect(close(expectedCalibrationError(c.yTrue, c.yScore), c.ece10)).toBe(true);
    });
  }
});

describe("reliabilityBins", () => {
  it("puts a probability on an inner edge into the lower bin, as searchsorted(side='left')", () => {
    const r = reliabilityBins([0, 1, 1], [0.5, 0.5, 0.75], { nBins: 2 });
    expect(r.bins.map((b) => b.count)).toEqual([2, 1]);
  });
  it("reports empty bins with NaN and a perfectly calibrated set with ECE 0", () => {
    const r = reliabilityBins([0, 0, 1, 1], [0, 0, 1, 1], { nBins: 4 });
    expect(r.bins[1].count).toBe(0);
    expect(r.bins[1].meanPredicted).toBeNaN();
    expect(expectedCalibrationError([0, 0, 1, 1], [0, 0, 1, 1], { nBins: 4 })).toBe(0);
  });
  it("checks its options", () => {
    expect(() => reliabilityBins([0, 1], [0.1, 0.9], { nBins: 0 })).toThrow(/nBins/);
    expect(() => reliabilityBins([0, 1], [0.1, 0.9], { strategy: "kmeans" as "uniform" })).toThrow(
      /strategy/,
    );
  });
});
