import { CtcError } from "../core/index";

/** An axis-aligned box `[x, y, width, height]` (COCO's order). */
export type Box = readonly [number, number, number, number];

/** Something located: a box and, optionally, an explicit centre (else the box centre). */
export interface Located {
  /** Bounding box. */
  readonly bbox: Box;
  /** Centre column, when it differs from the box centre (e.g. a mask centroid). */
  readonly x?: number;
  /** Centre row. */
  readonly y?: number;
}

/** A detection to match: located, with a confidence. */
export interface ScoredLocated extends Located {
  /** Confidence; higher is matched first. */
  readonly score: number;
}

/**
 * Intersection over union of two boxes, with the operation order of pycocotools' `bbIou`, so values are
 * bit-identical to COCOeval's.
 *
 * @param d - detection box
 * @param g - ground-truth box
 * @returns IoU in [0, 1]
 */
export function boxIou(d: Box, g: Box): number {
  const w = Math.min(d[2] + d[0], g[2] + g[0]) - Math.max(d[0], g[0]);
  if (w <= 0) return 0;
  const h = Math.min(d[3] + d[1], g[3] + g[1]) - Math.max(d[1], g[1]);
  if (h <= 0) return 0;
  const inter = w * h;
  return inter / (d[2] * d[3] + g[2] * g[3] - inter);
}

/** Options for {@link matchDetections}. */
export interface MatchOptions {
  /** `"iou"` (default): box overlap; `"centroid"`: distance between centres in pixels. */
  readonly by?: "iou" | "centroid";
  /** Minimum IoU (default 0.5, inclusive) or maximum centre distance (required for `"centroid"`, inclusive). */
  readonly threshold?: number;
}

/** Outcome of {@link matchDetections}. */
export interface MatchResult {
  /** Ground-truth index matched to each detection, or -1. */
  readonly detectionMatch: Int32Array;
  /** True positives: matched detections. */
  readonly tp: number;
  /** False positives: unmatched detections. */
  readonly fp: number;
  /** False negatives: unmatched ground truth. */
  readonly fn: number;
  /** tp / (tp + fp); 0 when there are no detections. */
  readonly precision: number;
  /** tp / (tp + fn); 0 when there is no ground truth. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
}

function centre(a: Located): [number, number] {
  return [a.x ?? a.bbox[0] + a.bbox[2] / 2, a.y ?? a.bbox[1] + a.bbox[3] / 2];
}

/**
 * Greedy one-to-one matching of detections to ground truth in one image, highest score first (ties keep
 * input order). By IoU, a detection takes the free ground truth of highest IoU at or above the threshold
 * (the last one on ties, as COCOeval); by centroid, the nearest free one within the distance.
 *
 * @param detections - scored detections
 * @param truths - ground truth
 * @param options - criterion and threshold
 * @returns the matching and its counts
 * @throws {@link CtcError} `INVALID_ARGUMENT` when centroid matching has no distance
 */
export function matchDetections(
  detections: readonly ScoredLocated[],
  truths: readonly Located[],
  options: MatchOptions = {},
): MatchResult {
  const by = options.by ?? "iou";
  if (by === "centroid" && !(options.threshold !== undefined && options.threshold >= 0)) {
    throw new CtcError("INVALID_ARGUMENT", "centroid matching needs a distance threshold in pixels", {
      field: "threshold",
      actual: options.threshold,
    });
  }
  const threshold = options.threshold ?? 0.5;
  const order = detections.map((_, i) => i).sort((a, b) => detections[b].score - detections[a].score);
  const taken = new Uint8Array(truths.length);
  const detectionMatch = new Int32Array(detections.length).fill(-1);
  const truthCentres = truths.map(centre);
  for (const d of order) {
    let best = -1;
    if (by === "iou") {
      let iou = Math.min(threshold, 1 - 1e-10);
      truths.forEach((t, g) => {
        if (taken[g]) return;
        const v = boxIou(detections[d].bbox, t.bbox);
        if (v < iou) return;
        iou = v;
        best = g;
      });
    } else {
      const [dx, dy] = centre(detections[d]);
      let nearest = threshold;
      truthCentres.forEach(([gx, gy], g) => {
        if (taken[g]) return;
        const dist = Math.hypot(dx - gx, dy - gy);
        if (dist <= nearest && (best < 0 || dist < nearest)) {
          nearest = dist;
          best = g;
        }
      });
    }
    if (best >= 0) {
      taken[best] = 1;
      detectionMatch[d] = best;
    }
  }
  let tp = 0;
  for (const m of detectionMatch) if (m >= 0) tp++;
  const fp = detections.length - tp;
  const fn = truths.length - tp;
  const precision = detections.length > 0 ? tp / detections.length : 0;
  const recall = truths.length > 0 ? tp / truths.length : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { detectionMatch, tp, fp, fn, precision, recall, f1 };
}
