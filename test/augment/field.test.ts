import { describe, expect, it } from "vitest";
import { upsampleGrid } from "../../src/augment/field";

describe("upsampleGrid", () => {
  it("passes through the control points, corners on corner pixels", () => {
    const grid = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const out = upsampleGrid(grid, 3, 5, 9);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[4]).toBeCloseTo(2, 12);
    expect(out[8]).toBeCloseTo(3, 12);
    expect(out[2 * 9 + 4]).toBeCloseTo(5, 12);
    expect(out[4 * 9 + 8]).toBeCloseTo(9, 12);
  });

  it("is bilinear-exact on a 2 x 2 grid", () => {
    const out = upsampleGrid([0, 1, 2, 3], 2, 3, 3);
    expect(Array.from(out).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([
      0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3,
    ]);
  });

  it("reproduces constant and linear fields exactly (Catmull-Rom is exact for them)", () => {
    expect(
      Array.from(upsampleGrid(new Array(16).fill(2.5), 4, 7, 6)).every((v) => Math.abs(v - 2.5) < 1e-12),
    ).toBe(true);
    const ramp = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3];
    const out = upsampleGrid(ramp, 4, 4, 10);
    for (let x = 0; x < 10; x++) expect(out[x]).toBeCloseTo((3 * x) / 9, 12);
  });
});
