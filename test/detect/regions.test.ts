import { describe, expect, it } from "vitest";
import { regionProps } from "../../src/detect/regions";

describe("regionProps", () => {
  it("measures area, centroid, box and border contact", () => {
    // 5 x 4 image: a 2 x 3 bar at the top-left edge and a single pixel inside.
    const data = Int32Array.from([1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0]);
    const [bar, dot] = regionProps({ data, height: 4, width: 5, count: 2 });
    expect(bar).toMatchObject({ label: 1, area: 6, x: 1, y: 0.5, bbox: [0, 0, 3, 2], touchesBorder: true });
    expect(dot).toMatchObject({ label: 2, area: 1, x: 3, y: 2, bbox: [3, 2, 1, 1], touchesBorder: false });
    expect(dot.eccentricity).toBe(0);
  });

  it("gives a line an eccentricity near 1 and a square 0", () => {
    const line = Int32Array.from({ length: 20 }, () => 1);
    expect(regionProps({ data: line, height: 1, width: 20, count: 1 })[0].eccentricity).toBe(1);
    const square = new Int32Array(16).fill(1);
    expect(regionProps({ data: square, height: 4, width: 4, count: 1 })[0].eccentricity).toBe(0);
  });

  it("skips labels without pixels", () => {
    expect(regionProps({ data: Int32Array.from([2]), height: 1, width: 1, count: 2 })).toHaveLength(1);
  });
});
