import { describe, expect, it } from "vitest";
import { distanceTransform } from "../../src/detect/distance";
import cases from "../fixtures/detect/edt.json";

describe("distanceTransform", () => {
  for (const c of cases) {
    it(`equals scipy.ndimage.distance_transform_edt exactly: ${c.name}`, () => {
      const d = distanceTransform({ data: new Uint8Array(c.mask), height: c.height, width: c.width });
      expect(Array.from(d)).toEqual(c.distance);
    });
  }

  it("is infinite when there is no background", () => {
    const d = distanceTransform({ data: new Uint8Array([1, 1]), height: 1, width: 2 });
    expect(Array.from(d)).toEqual([Infinity, Infinity]);
  });

  it("measures across a row without zeros from the other rows", () => {
    const d = distanceTransform({ data: new Uint8Array([1, 1, 1, 0, 1, 1]), height: 2, width: 3 });
    // (0, 2) is nearest to the zero at (1, 0): sqrt(2^2 + 1^2).
    expect(Array.from(d)).toEqual([1, Math.SQRT2, Math.sqrt(5), 0, 1, 2]);
  });
});
