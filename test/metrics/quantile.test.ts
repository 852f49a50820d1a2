import { describe, expect, it } from "vitest";
import { percentileSorted, unitEdges } from "../../src/metrics/quantile";
import { fixture } from "./fixture";

const { percentile } = fixture("bootstrap");

describe("percentileSorted", () => {
  it("equals np.percentile (linear) bit for bit", () => {
    percentile.q.forEach((q: number, i: number) => {
      expect(percentileSorted(percentile.data, q)).toBe(percentile.values[i]);
    });
  });
  it("handles a single value", () => {
    expect(percentileSorted([4], 37)).toBe(4);
  });
});

describe("unitEdges", () => {
  it("computes edges as np.linspace does (i * step), ending at exactly 1", () => {
    const edges = unitEdges(5);
    expect(edges[3]).toBe(3 * 0.2);
    expect(edges[3]).not.toBe(0.6);
    expect(edges[5]).toBe(1);
    expect(edges.length).toBe(6);
  });
});
