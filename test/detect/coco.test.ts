import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/index";
import {
  annotationCentre,
  type CocoDataset,
  cocoCellDataset,
  decodeRle,
  encodeRle,
  parseCoco,
  toCocoResults,
} from "../../src/detect/coco";
import { discField } from "./discs";

const coco: CocoDataset = {
  images: [
    { id: 1, file_name: "a.tif", width: 80, height: 60, patient_id: "P1" },
    { id: 2, file_name: "b.tif", width: 80, height: 60 },
  ],
  categories: [
    { id: 1, name: "CTC" },
    { id: 2, name: "WBC" },
  ],
  annotations: [
    { id: 10, image_id: 1, category_id: 1, bbox: [20, 10, 10, 10] },
    { id: 11, image_id: 1, category_id: 2, bbox: [0, 0, 4, 4], segmentation: [[0, 0, 4, 0, 4, 4, 0, 4]] },
    {
      id: 12,
      image_id: 2,
      category_id: 2,
      bbox: [5, 5, 2, 2],
      segmentation: { counts: [5 * 60 + 5, 2, 58, 2], size: [60, 80] },
    },
    { id: 13, image_id: 2, category_id: 1, bbox: [0, 0, 80, 60], iscrowd: 1 },
  ],
};

describe("parseCoco", () => {
  it("accepts a well-formed file and names the first bad field otherwise", () => {
    expect(parseCoco(JSON.parse(JSON.stringify(coco)))).toEqual(coco);
    expect(() => parseCoco({ images: [], categories: [] })).toThrow(/annotations/);
    const orphan = { ...coco, annotations: [{ ...coco.annotations[0], image_id: 9 }] };
    expect(() => parseCoco(orphan)).toThrow(/annotations\[0\]\.image_id/);
    const badBox = { ...coco, annotations: [{ ...coco.annotations[0], bbox: [1, 2, 3] }] };
    expect(() => parseCoco(badBox)).toThrow(/bbox/);
  });
});

describe("RLE", () => {
  it("decodes column-major runs", () => {
    const mask = decodeRle({ counts: [1, 2, 3], size: [2, 3] });
    // Column-major positions 1 and 2 are (y1, x0) and (y0, x1).
    expect(Array.from(mask)).toEqual([0, 1, 0, 1, 0, 0]);
  });

  it("decodes pycocotools' compressed strings, with deltas from two runs back", () => {
    // rleToString of [4, 1, 4] is "414"; of [3, 2, 5, 2, 4] it is "325" then 2-2=0 -> "0", 4-5=-1 -> "O".
    expect(Array.from(decodeRle({ counts: "414", size: [3, 3] }))).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const expected = decodeRle({ counts: [3, 2, 5, 2, 4], size: [4, 4] });
    expect(Array.from(decodeRle({ counts: "3250O", size: [4, 4] }))).toEqual(Array.from(expected));
  });

  it("round-trips a candidate mask, including one touching the box's bottom edge", () => {
    const candidate = { bbox: [2, 1, 3, 2] as const, mask: Uint8Array.from([0, 1, 1, 1, 1, 0]) };
    const rle = encodeRle(candidate, 4, 6);
    const mask = decodeRle(rle);
    const expected = new Uint8Array(24);
    for (const [y, x] of [
      [1, 3],
      [1, 4],
      [2, 2],
      [2, 3],
    ]) {
      expected[y * 6 + x] = 1;
    }
    expect(Array.from(mask)).toEqual(Array.from(expected));
    expect((rle.counts as number[]).reduce((a, b) => a + b, 0)).toBe(24);
  });

  it("rejects runs longer than the image", () => {
    expect(() => decodeRle({ counts: [3, 9], size: [2, 2] })).toThrow(/runs/);
  });
});

describe("annotationCentre", () => {
  it("uses the polygon or RLE centroid, else the box centre, in pixel-centre coordinates", () => {
    expect(annotationCentre(coco.annotations[0])).toEqual({ x: 24.5, y: 14.5 });
    expect(annotationCentre(coco.annotations[1])).toEqual({ x: 1.5, y: 1.5 });
    expect(annotationCentre(coco.annotations[2])).toEqual({ x: 5.5, y: 5.5 });
  });
});

describe("cocoCellDataset", () => {
  const field = discField(60, 80, [{ x: 24.5, y: 14.5, r: 5, dapi: 1000 }], { noise: 0 });

  it("cuts one crop per non-crowd annotation with labels and groups", () => {
    const data = cocoCellDataset(coco, () => field, { cropSize: 16, groupBy: "patient" });
    expect(data.annotationIds).toEqual([10, 11, 12]);
    expect(data.labels).toEqual(["CTC", "WBC", "WBC"]);
    expect(data.groups).toEqual(["P1", "P1", "b.tif"]);
    expect(data.crops[0].height).toBe(16);
    expect(data.crops[0].channels).toEqual(["DAPI", "CK", "CD45"]);
  });

  it("skips images that are not supplied and groups by file by default", () => {
    const data = cocoCellDataset(coco, (image) => (image.id === 2 ? field : undefined));
    expect(data.annotationIds).toEqual([12]);
    expect(data.groups).toEqual(["b.tif"]);
  });
});

describe("toCocoResults", () => {
  const candidate = {
    x: 3,
    y: 1.5,
    bbox: [2, 1, 3, 2] as const,
    mask: Uint8Array.from([0, 1, 1, 1, 1, 0]),
    areaPx: 4,
    areaUm2: 1,
    diameterUm: 1,
    eccentricity: 0.5,
    touchesBorder: false,
  };
  const prediction = {
    index: 0,
    label: "CTC",
    labelIndex: 1,
    positiveProbability: 0.8,
    probabilities: [0.2, 0.8],
    logits: [0, 1],
  };
  const cell = {
    ...candidate,
    crop: createStack(new Uint16Array(1), { channels: ["DAPI"], height: 1, width: 1 }),
    cropPadded: false,
    features: {},
    prediction,
  };

  it("scores classified cells by their predicted class and maps its category", () => {
    const [r] = toCocoResults(7, [cell], { categoryIds: { CTC: 1, WBC: 2 } });
    expect(r).toEqual({ image_id: 7, category_id: 1, bbox: [2, 1, 3, 2], score: 0.8 });
    expect(() => toCocoResults(7, [cell], { categoryIds: { WBC: 2 } })).toThrow(/CTC/);
  });

  it("gives unclassified candidates score 1 and exports masks when the image size is known", () => {
    const [r] = toCocoResults(7, [candidate], { categoryId: 3, imageSize: [4, 6] });
    expect(r).toMatchObject({ category_id: 3, score: 1 });
    expect(decodeRle(r.segmentation!).reduce((a, b) => a + b, 0)).toBe(4);
  });
});
