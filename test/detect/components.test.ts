import { describe, expect, it } from "vitest";
import { labelComponents } from "../../src/detect/components";
import cases from "../fixtures/detect/label.json";

describe("labelComponents", () => {
  for (const c of cases) {
    for (const connectivity of [4, 8] as const) {
      it(`equals scipy.ndimage.label (${connectivity}-connected): ${c.name}`, () => {
        const labels = labelComponents(
          { data: new Uint8Array(c.mask), height: c.height, width: c.width },
          { connectivity },
        );
        expect(labels.count).toBe(c[`count${connectivity}`]);
        expect(Array.from(labels.data)).toEqual(c[`labels${connectivity}`]);
        const areas = new Array(labels.count).fill(0);
        for (const l of labels.data) if (l > 0) areas[l - 1]++;
        expect(areas).toEqual(c[`areas${connectivity}`]);
      });
    }
  }

  it("joins diagonal neighbours only with 8-connectivity", () => {
    const mask = { data: new Uint8Array([1, 0, 0, 1]), height: 2, width: 2 };
    expect(labelComponents(mask, { connectivity: 4 }).count).toBe(2);
    expect(labelComponents(mask).count).toBe(1);
  });

  it("labels a checkerboard (the most objects a mask can hold)", () => {
    const data = Uint8Array.from({ length: 49 }, (_, i) => (((i % 7) + Math.floor(i / 7)) % 2 === 0 ? 1 : 0));
    expect(labelComponents({ data, height: 7, width: 7 }, { connectivity: 4 }).count).toBe(25);
  });

  it("rejects other connectivities and wrong shapes", () => {
    const mask = { data: new Uint8Array(4), height: 2, width: 2 };
    expect(() => labelComponents(mask, { connectivity: 6 as 4 })).toThrow(/connectivity/);
    expect(() => labelComponents({ ...mask, width: 3 })).toThrow(/height x width/);
  });
});
