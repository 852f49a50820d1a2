import { describe, expect, it } from "vitest";
import { type CocoRle, cocoCategories, fieldToCoco, maskToRle } from "../../src/synth/coco";
import { resolveConfig } from "../../src/synth/config";
import { fieldLayout } from "../../src/synth/field";
import { objectMask } from "../../src/synth/mask";

const config = resolveConfig({ preset: "paper-like" });
const layout = fieldLayout(8, config, { width: 600, height: 400 });

function decode(rle: CocoRle): Uint8Array {
  const [h, w] = rle.size;
  const out = new Uint8Array(w * h);
  let at = 0;
  rle.counts.forEach((n, i) => {
    if (i % 2 === 1) for (let k = at; k < at + n; k++) out[(k % h) * w + Math.floor(k / h)] = 1;
    at += n;
  });
  expect(at).toBe(w * h);
  return out;
}

describe("fieldToCoco", () => {
  it("annotates every object with a box around its outline and its labels", () => {
    const coco = fieldToCoco(layout);
    expect(coco.images).toEqual([{ id: 1, file_name: "field-8.tif", width: 600, height: 400 }]);
    expect(coco.annotations).toHaveLength(layout.cells.length);
    expect(coco.categories.map((c) => c.name)).toEqual(["CTC", "non-CTC"]);
    coco.annotations.forEach((a, i) => {
      const cell = layout.cells[i];
      expect(a.cell_id).toBe(cell.id);
      expect(a.category_id).toBe(cell.truth.label === "CTC" ? 1 : 2);
      const [x, y, w, h] = a.bbox;
      expect(x).toBeLessThanOrEqual(cell.x + 0.5);
      expect(x + w).toBeGreaterThanOrEqual(cell.x + 0.5);
      expect(y + h).toBeGreaterThanOrEqual(cell.y + 0.5);
      expect(w * h).toBeGreaterThanOrEqual(a.area * 0.99);
      const polygons = a.segmentation as number[][];
      expect(polygons).toHaveLength(cell.truth.parts.length);
    });
  });

  it("uses fine categories and RLE masks on request, and the RLE decodes to the object mask", () => {
    const coco = fieldToCoco(layout, { categories: "fine", segmentation: "rle", imageId: 3 });
    expect(coco.categories).toEqual(cocoCategories("fine"));
    const a = coco.annotations[0];
    const cell = layout.cells[0];
    expect(coco.categories[a.category_id - 1].name).toBe(cell.truth.type);
    expect(a.image_id).toBe(3);
    const decoded = decode(a.segmentation as CocoRle);
    const full = objectMask(cell.truth, cell.x, cell.y, 0, 0, 600, 400);
    let mismatches = 0;
    for (let k = 0; k < full.length; k++) if (decoded[k] !== (full[k] ? 1 : 0)) mismatches++;
    expect(mismatches).toBe(0);
    expect(decoded.reduce((s, v) => s + v, 0)).toBe(a.area);
  });

  it("leaves segmentation out when asked", () => {
    expect(fieldToCoco(layout, { segmentation: "none" }).annotations[0].segmentation).toBeUndefined();
  });
});

describe("maskToRle", () => {
  it("encodes windows touching the image edges", () => {
    // A 3 x 2 image, window = the bottom-right 2 x 1, both pixels on.
    const rle = maskToRle(Uint8Array.from([1, 1]), 1, 1, 2, 1, 3, 2);
    expect(rle).toEqual({ counts: [3, 1, 1, 1], size: [2, 3] });
    expect(maskToRle(Uint8Array.from([1, 1, 1, 1]), 0, 0, 2, 2, 2, 2).counts).toEqual([0, 4]);
    // Column 0 of a 2 x 3 image on at rows 1-2, then column 1 on at row 0 only: runs join across columns.
    expect(maskToRle(Uint8Array.from([0, 1, 1, 0, 1, 0]), 0, 0, 2, 3, 2, 3).counts).toEqual([1, 3, 2]);
  });
});
