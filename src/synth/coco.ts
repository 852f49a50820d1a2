import { type BinaryLabel, CELL_TYPES, type CellType } from "./cell-types";
import type { FieldCell, FieldLayout } from "./field";
import { objectMask } from "./mask";
import { maxRadius, outlinePolygon, shapeArea } from "./shapes";

/** A COCO category. */
export interface CocoCategory {
  /** Category id (from 1). */
  readonly id: number;
  /** Category name: "CTC" / "non-CTC", or a fine type. */
  readonly name: string;
  /** Always "cell". */
  readonly supercategory: string;
}

/** A COCO image entry. */
export interface CocoImage {
  /** Image id. */
  readonly id: number;
  /** File name the image is (or will be) saved under. */
  readonly file_name: string;
  /** Width, pixels. */
  readonly width: number;
  /** Height, pixels. */
  readonly height: number;
}

/** COCO uncompressed run-length encoding: column-major run lengths starting with background. */
export interface CocoRle {
  /** Run lengths, alternating background and object, column by column. */
  readonly counts: number[];
  /** `[height, width]` of the image. */
  readonly size: [number, number];
}

/** A COCO object annotation, with the simulator's ground truth as extra keys. */
export interface CocoAnnotation {
  /** Annotation id (from 1). */
  readonly id: number;
  /** Image id. */
  readonly image_id: number;
  /** Category id. */
  readonly category_id: number;
  /** `[x, y, width, height]`, pixels, from the top-left corner of the image. */
  readonly bbox: [number, number, number, number];
  /** Object area, square pixels. */
  readonly area: number;
  /** Always 0: every object is a single instance. */
  readonly iscrowd: 0;
  /** Polygons (one per cell of the object) or an RLE mask; absent when masks are not requested. */
  readonly segmentation?: number[][] | CocoRle;
  /** Fine cell type. */
  readonly cell_type: CellType;
  /** Recorded binary label. */
  readonly label: BinaryLabel;
  /** True binary label. */
  readonly true_label: BinaryLabel;
  /** Object id in the field layout (its {@link sampleCell} index). */
  readonly cell_id: number;
}

/** Provenance of a simulated COCO dataset. */
export interface CocoInfo {
  /** What made it. */
  readonly description: string;
  /** The field's seed. */
  readonly seed: number;
}

/** A COCO detection dataset. */
export interface CocoDataset {
  /** Provenance. */
  readonly info: CocoInfo;
  /** Images. */
  readonly images: CocoImage[];
  /** Annotations. */
  readonly annotations: CocoAnnotation[];
  /** Categories. */
  readonly categories: CocoCategory[];
}

/** Options of {@link fieldToCoco}. */
export interface CocoOptions {
  /** Image file name; default `field-<seed>.tif`. */
  readonly fileName?: string;
  /** Image id; default 1. */
  readonly imageId?: number;
  /** "binary" (CTC, non-CTC; default) or "fine" (one category per cell type). */
  readonly categories?: "binary" | "fine";
  /** "polygon" (default), "rle" or "none". */
  readonly segmentation?: "polygon" | "rle" | "none";
  /** Vertices per cell outline in polygons; default 32. */
  readonly polygonVertices?: number;
}

/**
 * The COCO categories used by {@link fieldToCoco}.
 *
 * @param kind - "binary" or "fine"
 * @returns categories with ids from 1
 */
export function cocoCategories(kind: "binary" | "fine"): CocoCategory[] {
  const names: readonly string[] = kind === "binary" ? ["CTC", "non-CTC"] : CELL_TYPES;
  return names.map((name, i) => ({ id: i + 1, name, supercategory: "cell" }));
}

/**
 * COCO uncompressed RLE of a window's mask placed in a whole image (everything outside the window is
 * background).
 *
 * @param mask - w x h, non-zero inside the object
 * @param x0 - image x of the window's left column
 * @param y0 - image y of the window's top row
 * @param w - window width
 * @param h - window height
 * @param width - image width
 * @param height - image height
 * @returns the RLE
 */
export function maskToRle(
  mask: Uint8Array,
  x0: number,
  y0: number,
  w: number,
  h: number,
  width: number,
  height: number,
): CocoRle {
  const counts: number[] = [];
  let inside = false;
  let last = 0;
  // Record the column-major index of every change of state; run lengths are the gaps between them.
  const change = (at: number): void => {
    counts.push(at - last);
    last = at;
    inside = !inside;
  };
  for (let i = 0; i < w; i++) {
    const column = (x0 + i) * height;
    if (inside && y0 > 0) change(column);
    for (let j = 0; j < h; j++) if ((mask[j * w + i] !== 0) !== inside) change(column + y0 + j);
    if (inside && y0 + h < height) change(column + y0 + h);
  }
  if (inside) change((x0 + w) * height);
  // Like pycocotools, end on the last non-empty run.
  if (width * height > last) counts.push(width * height - last);
  return { counts, size: [height, width] };
}

function annotate(
  cell: FieldCell,
  layout: FieldLayout,
  id: number,
  imageId: number,
  options: CocoOptions,
): CocoAnnotation {
  const { truth } = cell;
  const kind = options.categories ?? "binary";
  const categoryId =
    kind === "binary"
      ? truth.label === "CTC"
        ? 1
        : 2
      : (CELL_TYPES as readonly string[]).indexOf(truth.type) + 1;
  const vertices = options.polygonVertices ?? 32;
  // Pixel centres sit at integer coordinates in the simulator and at +0.5 in COCO.
  const polygons = truth.parts.map((part) => outlinePolygon(part.body, cell.x + 0.5, cell.y + 0.5, vertices));
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of polygons) {
    for (let i = 0; i < p.length; i += 2) {
      minX = Math.min(minX, p[i]);
      maxX = Math.max(maxX, p[i]);
      minY = Math.min(minY, p[i + 1]);
      maxY = Math.max(maxY, p[i + 1]);
    }
  }
  minX = Math.max(0, minX);
  minY = Math.max(0, minY);
  maxX = Math.min(layout.width, maxX);
  maxY = Math.min(layout.height, maxY);
  const base = {
    id,
    image_id: imageId,
    category_id: categoryId,
    bbox: [minX, minY, maxX - minX, maxY - minY] as [number, number, number, number],
    iscrowd: 0 as const,
    cell_type: truth.type,
    label: truth.label,
    true_label: truth.trueLabel,
    cell_id: cell.id,
  };
  const mode = options.segmentation ?? "polygon";
  if (mode === "rle") {
    let reach = 0;
    for (const part of truth.parts)
      reach = Math.max(reach, Math.hypot(part.body.x, part.body.y) + maxRadius(part.body));
    const x0 = Math.max(0, Math.floor(cell.x - reach - 1));
    const y0 = Math.max(0, Math.floor(cell.y - reach - 1));
    const x1 = Math.min(layout.width, Math.ceil(cell.x + reach + 2));
    const y1 = Math.min(layout.height, Math.ceil(cell.y + reach + 2));
    const mask = objectMask(truth, cell.x, cell.y, x0, y0, x1 - x0, y1 - y0);
    let area = 0;
    for (const v of mask) if (v !== 0) area++;
    return {
      ...base,
      area,
      segmentation: maskToRle(mask, x0, y0, x1 - x0, y1 - y0, layout.width, layout.height),
    };
  }
  const area = truth.parts.reduce((sum, part) => sum + shapeArea(part.body), 0);
  return mode === "polygon" ? { ...base, area, segmentation: polygons } : { ...base, area };
}

/**
 * COCO annotations of a field: one per object (a cluster or doublet is one object with one polygon per
 * cell), bounding boxes from the outlines, binary or fine categories, and the ground truth as extra keys.
 * Coordinates follow COCO: (0, 0) is the top-left corner of the top-left pixel (the simulator's pixel
 * centres are at integers, so outlines are shifted by half a pixel); RLE masks take pixels whose centre
 * lies inside an outline.
 *
 * @param layout - from {@link fieldLayout}
 * @param options - file name, image id, categories, segmentation kind
 * @returns the dataset, ready for `JSON.stringify`
 */
export function fieldToCoco(layout: FieldLayout, options: CocoOptions = {}): CocoDataset {
  const imageId = options.imageId ?? 1;
  return {
    info: { description: "@persist/ctc/synth field", seed: layout.seed },
    images: [
      {
        id: imageId,
        file_name: options.fileName ?? `field-${layout.seed}.tif`,
        width: layout.width,
        height: layout.height,
      },
    ],
    annotations: layout.cells.map((cell, i) => annotate(cell, layout, i + 1, imageId, options)),
    categories: cocoCategories(options.categories ?? "binary"),
  };
}
