import { type ChannelStack, CtcError } from "../core/index";
import { cropAt, type PadMode } from "../preprocess/index";
import type { Candidate } from "./candidates";
import type { ClassifiedCell } from "./cells";
import type { Box } from "./match";

/** A COCO image entry. `patient_id` is this library's optional extension for grouping. */
export interface CocoImage {
  /** Image id. */
  readonly id: number;
  /** File name, as the annotation file names it. */
  readonly file_name: string;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Patient or sample the image belongs to, when known. */
  readonly patient_id?: string | number;
}

/** A COCO category. */
export interface CocoCategory {
  /** Category id. */
  readonly id: number;
  /** Category name (e.g. "CTC", "WBC"). */
  readonly name: string;
  /** Parent category name, if any. */
  readonly supercategory?: string;
}

/** Run-length encoded mask, column-major as COCO stores it; `counts` compressed (string) or not. */
export interface CocoRle {
  /** Alternating run lengths starting with background, or pycocotools' compressed string. */
  readonly counts: readonly number[] | string;
  /** `[height, width]`. */
  readonly size: readonly [number, number];
}

/** A COCO object annotation. */
export interface CocoAnnotation {
  /** Annotation id. */
  readonly id: number;
  /** Image id. */
  readonly image_id: number;
  /** Category id. */
  readonly category_id: number;
  /** `[x, y, width, height]` in pixel-corner coordinates. */
  readonly bbox: Box;
  /** Polygons (`[x1, y1, x2, y2, ...]` each) or an RLE mask. */
  readonly segmentation?: readonly (readonly number[])[] | CocoRle;
  /** Area, if given. */
  readonly area?: number;
  /** 1 for crowd regions (skipped when building cell datasets). */
  readonly iscrowd?: number;
}

/** A COCO dataset (the parts this library reads). */
export interface CocoDataset {
  /** Images. */
  readonly images: readonly CocoImage[];
  /** Annotations. */
  readonly annotations: readonly CocoAnnotation[];
  /** Categories. */
  readonly categories: readonly CocoCategory[];
}

/** One entry of a COCO results file. */
export interface CocoResult {
  /** Image id. */
  readonly image_id: number;
  /** Category id. */
  readonly category_id: number;
  /** `[x, y, width, height]` in pixel-corner coordinates. */
  readonly bbox: Box;
  /** Confidence. */
  readonly score: number;
  /** The nucleus mask as uncompressed RLE over the whole image, when asked for. */
  readonly segmentation?: CocoRle;
}

function fail(field: string, expected: string, actual: unknown): never {
  throw new CtcError("CORRUPT_FILE", "COCO annotation file is malformed", { field, expected, actual });
}

function isBox(value: unknown): value is Box {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    value.every((v) => typeof v === "number" && Number.isFinite(v))
  );
}

/**
 * Check a parsed COCO annotation file: arrays present, ids numeric and unique, every annotation pointing
 * at a known image and category, boxes of four finite numbers.
 *
 * @param json - the parsed JSON
 * @returns the same object, typed
 * @throws {@link CtcError} `CORRUPT_FILE` naming the first bad field
 */
export function parseCoco(json: unknown): CocoDataset {
  const root = json as Record<string, unknown>;
  if (typeof json !== "object" || json === null) fail("$", "an object", json);
  for (const key of ["images", "annotations", "categories"]) {
    if (!Array.isArray(root[key])) fail(key, "an array", root[key]);
  }
  const data = json as CocoDataset;
  const imageIds = new Set<number>();
  data.images.forEach((image, i) => {
    if (typeof image?.id !== "number" || imageIds.has(image.id))
      fail(`images[${i}].id`, "a unique number", image?.id);
    if (typeof image.file_name !== "string") fail(`images[${i}].file_name`, "a string", image.file_name);
    imageIds.add(image.id);
  });
  const categoryIds = new Set<number>();
  data.categories.forEach((category, i) => {
    if (typeof category?.id !== "number" || categoryIds.has(category.id)) {
      fail(`categories[${i}].id`, "a unique number", category?.id);
    }
    categoryIds.add(category.id);
  });
  data.annotations.forEach((a, i) => {
    if (!imageIds.has(a?.image_id)) fail(`annotations[${i}].image_id`, "a listed image id", a?.image_id);
    if (!categoryIds.has(a.category_id))
      fail(`annotations[${i}].category_id`, "a listed category id", a.category_id);
    if (!isBox(a.bbox)) fail(`annotations[${i}].bbox`, "[x, y, width, height]", a.bbox);
  });
  return data;
}

/**
 * Decode a COCO RLE (compressed or not) to a row-major 0/1 mask.
 *
 * @param rle - the RLE
 * @returns `height x width` mask, row-major
 * @throws {@link CtcError} `CORRUPT_FILE` when the runs do not add up to the size
 */
export function decodeRle(rle: CocoRle): Uint8Array {
  const [h, w] = rle.size;
  const counts = typeof rle.counts === "string" ? decompressCounts(rle.counts) : rle.counts;
  const mask = new Uint8Array(h * w);
  let p = 0;
  counts.forEach((run, k) => {
    if (p + run > h * w) fail("segmentation.counts", `runs adding up to ${h * w}`, p + run);
    // COCO runs walk the image column by column (Fortran order).
    if (k % 2 === 1) for (let j = p; j < p + run; j++) mask[(j % h) * w + Math.floor(j / h)] = 1;
    p += run;
  });
  return mask;
}

/** pycocotools' `rleFrString`: 5 bits per character, a continuation bit, deltas from two runs back. */
function decompressCounts(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      const c = s.charCodeAt(p) - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && (c & 0x10) !== 0) x |= -1 << (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

/**
 * The centre of an annotated object in pixel coordinates (pixel centres at integers): the mask centroid
 * when a polygon or RLE is given, else the box centre.
 *
 * @param annotation - a COCO annotation
 * @returns `{ x, y }`
 */
export function annotationCentre(annotation: CocoAnnotation): {
  /** Column of the centre, pixels. */
  x: number;
  /** Row of the centre, pixels. */
  y: number;
} {
  const seg = annotation.segmentation;
  if (seg !== undefined && !Array.isArray(seg)) {
    const rle = seg as CocoRle;
    const mask = decodeRle(rle);
    const w = rle.size[1];
    let n = 0;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] === 0) continue;
      n++;
      sx += i % w;
      sy += Math.floor(i / w);
    }
    if (n > 0) return { x: sx / n, y: sy / n };
  } else if (Array.isArray(seg) && seg.length > 0) {
    // Area-weighted centroid of the polygons (shoelace), in corner coordinates, shifted to pixel centres.
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (const poly of seg as readonly (readonly number[])[]) {
      for (let i = 0; i + 1 < poly.length; i += 2) {
        const j = (i + 2) % poly.length;
        const cross = poly[i] * poly[j + 1] - poly[j] * poly[i + 1];
        area += cross;
        cx += (poly[i] + poly[j]) * cross;
        cy += (poly[i + 1] + poly[j + 1]) * cross;
      }
    }
    if (area !== 0) return { x: cx / (3 * area) - 0.5, y: cy / (3 * area) - 0.5 };
  }
  const [x, y, w, h] = annotation.bbox;
  return { x: x + w / 2 - 0.5, y: y + h / 2 - 0.5 };
}

/** A labelled single-cell dataset built from a COCO file. */
export interface CellDataset {
  /** One crop per annotation, all channels. */
  readonly crops: ChannelStack[];
  /** Category name of each crop. */
  readonly labels: string[];
  /** Group of each crop (image file name or patient), for grouped cross-validation. */
  readonly groups: string[];
  /** Annotation id of each crop. */
  readonly annotationIds: number[];
}

/** Options for {@link cocoCellDataset}. */
export interface CocoDatasetOptions {
  /** Crop edge in pixels; default 64. */
  readonly cropSize?: number;
  /** Fill outside the image; default `"constant"`. */
  readonly padMode?: PadMode;
  /** `"image"` (default) or `"patient"` (from `patient_id`, falling back to the file name). */
  readonly groupBy?: "image" | "patient";
}

/**
 * Build a labelled single-cell dataset from a COCO file and its field images: one crop per non-crowd
 * annotation, centred on the mask centroid (or box centre).
 *
 * @param coco - the checked COCO dataset ({@link parseCoco})
 * @param images - the field image for a COCO image entry (undefined skips that image's annotations)
 * @param options - crop size, pad mode, grouping
 * @returns crops, labels, groups and annotation ids, in annotation order
 */
export function cocoCellDataset(
  coco: CocoDataset,
  images: (image: CocoImage) => ChannelStack | undefined,
  options: CocoDatasetOptions = {},
): CellDataset {
  const size = options.cropSize ?? 64;
  const byId = new Map(coco.images.map((image) => [image.id, image]));
  const names = new Map(coco.categories.map((c) => [c.id, c.name]));
  const loaded = new Map<number, ChannelStack | undefined>();
  const out: CellDataset = { crops: [], labels: [], groups: [], annotationIds: [] };
  for (const annotation of coco.annotations) {
    if (annotation.iscrowd) continue;
    const image = byId.get(annotation.image_id)!;
    if (!loaded.has(image.id)) loaded.set(image.id, images(image));
    const stack = loaded.get(image.id);
    if (stack === undefined) continue;
    const centre = annotationCentre(annotation);
    const crop = cropAt(stack, centre, { height: size, width: size, mode: options.padMode ?? "constant" });
    out.crops.push(crop.stack);
    out.labels.push(names.get(annotation.category_id)!);
    out.groups.push(
      options.groupBy === "patient" && image.patient_id !== undefined
        ? String(image.patient_id)
        : image.file_name,
    );
    out.annotationIds.push(annotation.id);
  }
  return out;
}

/**
 * Uncompressed COCO RLE of a candidate's mask over the whole image.
 *
 * @param candidate - a candidate (box and box-local mask)
 * @param height - image height
 * @param width - image width
 * @returns the RLE
 */
export function encodeRle(
  candidate: Pick<Candidate, "bbox" | "mask">,
  height: number,
  width: number,
): CocoRle {
  const [bx, by, bw, bh] = candidate.bbox;
  const counts: number[] = [];
  let value = 0;
  let last = 0;
  // Only the box's columns hold foreground, so runs outside it are counted arithmetically; the extra row
  // under the box (always background) closes a run that reaches the box's bottom edge.
  for (let x = bx; x < bx + bw; x++) {
    for (let y = by; y <= by + bh; y++) {
      const v = y < by + bh ? candidate.mask[(y - by) * bw + (x - bx)] : 0;
      if (v !== value) {
        const position = x * height + y;
        counts.push(position - last);
        last = position;
        value = v;
      }
    }
  }
  counts.push(height * width - last);
  return { counts, size: [height, width] };
}

/** Options for {@link toCocoResults}. */
export interface CocoResultOptions {
  /** Category id for each class name; classified cells get the id of their predicted class. */
  readonly categoryIds?: Readonly<Record<string, number>>;
  /** Category id for unclassified candidates; default 1. */
  readonly categoryId?: number;
  /** Image size `[height, width]`: when given, masks are exported as RLE. */
  readonly imageSize?: readonly [number, number];
}

/**
 * Detections (and classifications) as a COCO results file: the predicted class's probability is the
 * score; unclassified candidates score 1.
 *
 * @param imageId - the COCO image id
 * @param cells - candidates or classified cells
 * @param options - category ids and masks
 * @returns one result per cell
 * @throws {@link CtcError} `INVALID_ARGUMENT` when a predicted class has no category id
 */
export function toCocoResults(
  imageId: number,
  cells: readonly (Candidate | ClassifiedCell)[],
  options: CocoResultOptions = {},
): CocoResult[] {
  return cells.map((cell) => {
    let categoryId = options.categoryId ?? 1;
    let score = 1;
    if ("prediction" in cell) {
      const id = options.categoryIds?.[cell.prediction.label];
      if (id === undefined) {
        throw new CtcError("INVALID_ARGUMENT", `no COCO category id for class "${cell.prediction.label}"`, {
          field: "categoryIds",
          actual: options.categoryIds,
        });
      }
      categoryId = id;
      score = cell.prediction.probabilities[cell.prediction.labelIndex];
    }
    const result: CocoResult = { image_id: imageId, category_id: categoryId, bbox: cell.bbox, score };
    return options.imageSize === undefined
      ? result
      : { ...result, segmentation: encodeRle(cell, options.imageSize[0], options.imageSize[1]) };
  });
}
