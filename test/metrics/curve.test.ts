import { describe, expect, it } from "vitest";
import { binaryClfCurve } from "../../src/metrics/curve";
import { byName, type Fx, fixture } from "./fixture";

const binary = fixture("binary").cases;

describe("binaryClfCurve", () => {
  it.each(byName(binary))("counts exactly the samples scoring >= each threshold (%s)", (_, c: Fx) => {
    const { fps, tps, thresholds } = binaryClfCurve(c.yTrue, c.yScore, 1);
    expect(new Set(thresholds).size).toBe(thresholds.length);
    thresholds.forEach((t, i) => {
      if (i > 0) expect(t).toBeLessThan(thresholds[i - 1]);
      let tp = 0;
      let fp = 0;
      c.yScore.forEach((s: number, j: number) => {
        if (s >= t) c.yTrue[j] === 1 ? tp++ : fp++;
      });
      expect([tps[i], fps[i]]).toEqual([tp, fp]);
    });
  });
  it("does not depend on the order of tied samples", () => {
    const a = binaryClfCurve([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.2], 1);
    const b = binaryClfCurve([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.5], 1);
    expect(a).toEqual(b);
    expect(Array.from(a.tps)).toEqual([2, 2]);
  });
  it("rejects non-finite scores", () => {
    expect(() => binaryClfCurve([0, 1], [0, Number.NaN], 1)).toThrow(
      expect.objectContaining({ code: "NON_FINITE" }),
    );
  });
});
