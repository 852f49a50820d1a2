import { describe, expect, it } from "vitest";
import { meanStd, summarizeFolds } from "../../src/metrics/aggregate";

describe("meanStd", () => {
  it("states and applies ddof", () => {
    // Hand computed: mean 2.5, squared deviations sum to 5.
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 4), n: 4, ddof: 0 });
    expect(meanStd([1, 2, 3, 4], { ddof: 1 }).std).toBe(Math.sqrt(5 / 3));
  });
  it("refuses non-finite values and too few values", () => {
    expect(() => meanStd([1, Number.NaN])).toThrow(expect.objectContaining({ code: "NON_FINITE" }));
    expect(() => meanStd([1], { ddof: 1 })).toThrow(/too few/);
    expect(() => meanStd([])).toThrow(/too few/);
    expect(() => meanStd([1, 2], { ddof: 2 as 1 })).toThrow(/ddof/);
  });
});

describe("summarizeFolds", () => {
  it("prints like the paper", () => {
    // Deviations of +-0.012 around 0.777: population standard deviation exactly 0.012.
    const s = summarizeFolds("F1", [0.765, 0.789, 0.765, 0.789, 0.777, 0.777].slice(0, 4));
    expect(String(s)).toBe("F1 0.777 ± 0.012 (4 folds)");
    expect(`${s}`).toBe(s.text);
    expect(s.ddof).toBe(0);
  });
  it("honours digits and ddof", () => {
    const s = summarizeFolds("AUC", [0.9, 0.8], { digits: 2, ddof: 1 });
    expect(s.text).toBe(`AUC 0.85 ± ${Math.sqrt(0.005).toFixed(2)} (2 folds)`);
    expect(() => summarizeFolds("x", [1, 2], { digits: -1 })).toThrow(/digits/);
  });
});
