import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/index";
import { measureCell } from "../../src/detect/features";

describe("measureCell", () => {
  // 5 x 5, one channel with value = index, a single-pixel nucleus at (2, 2).
  const stack = createStack(
    Uint16Array.from({ length: 25 }, (_, i) => i),
    { channels: ["A"], height: 5, width: 5 },
  );
  const candidate = { bbox: [2, 2, 1, 1] as const, mask: Uint8Array.from([1]) };

  it("measures the nucleus alone without a margin", () => {
    expect(measureCell(stack, candidate).A).toEqual({ mean: 12, max: 12, integrated: 12, area: 1 });
  });

  it("grows the mask by a disc of the margin (4-neighbours at margin 1)", () => {
    expect(measureCell(stack, candidate, [0, 0], { marginPx: 1 }).A).toEqual({
      mean: 12,
      max: 17,
      integrated: 7 + 11 + 12 + 13 + 17,
      area: 5,
    });
  });

  it("reads a region by its origin and clips at its edge", () => {
    const region = createStack(Uint16Array.from([6, 7, 8, 11, 12, 13]), {
      channels: ["A"],
      height: 2,
      width: 3,
    });
    const f = measureCell(region, candidate, [1, 1], { marginPx: 1 }).A;
    expect(f.area).toBe(4);
    expect(f.integrated).toBe(7 + 11 + 12 + 13);
  });
});
