import type { Box } from "./match";
import { boxIou } from "./match";

/** A ground-truth box as a COCO annotation carries it. */
export interface CocoBox {
  /** Image id. */
  readonly image_id: number;
  /** Category id. */
  readonly category_id: number;
  /** `[x, y, width, height]`. */
  readonly bbox: Box;
}

/** A detection as a COCO results file carries it. */
export interface CocoScoredBox extends CocoBox {
  /** Confidence. */
  readonly score: number;
}

/** Options for {@link averagePrecision}. */
export interface DetectionApOptions {
  /** IoU threshold (inclusive); default 0.5. */
  readonly iouThreshold?: number;
  /** Detections kept per image and category, highest scores first; default 100 (COCO's). */
  readonly maxDetections?: number;
  /** Images evaluated; default those with ground truth. Detections on other images are ignored. */
  readonly imageIds?: readonly number[];
}

/** Result of {@link averagePrecision}. */
export interface AveragePrecisionResult {
  /** Mean of the per-category APs that have ground truth; -1 when none has. */
  readonly ap: number;
  /** AP per category id; -1 for a category with no ground truth. */
  readonly perCategory: ReadonlyMap<number, number>;
}

// COCOeval's 101 recall thresholds, computed as np.linspace does (i * step + start, last exactly 1).
const RECALL_THRESHOLDS = Array.from({ length: 101 }, (_, i) => (i === 100 ? 1 : i * 0.01));
// np.spacing(1): COCOeval adds it to the precision denominator, which shows in the last bits.
const EPS = 2 ** -52;

function byScore<T extends { readonly score: number }>(items: readonly T[]): T[] {
  // Array.prototype.sort is stable, as NumPy's mergesort that COCOeval asks for.
  return [...items].sort((a, b) => b.score - a.score);
}

/**
 * COCO-style average precision at one IoU threshold with 101 recall points, the algorithm of pycocotools'
 * COCOeval for boxes (area range "all", no crowd regions): per image and category, greedy matching by
 * score; per category, the precision envelope read at recalls 0, 0.01, ..., 1; then the mean over
 * categories. Checked against a NumPy reimplementation (`scripts/fixtures/detect.py`).
 *
 * @param truths - ground-truth boxes
 * @param detections - scored detections
 * @param options - IoU threshold, detections per image, images
 * @returns the mean AP and the AP of each category
 */
export function averagePrecision(
  truths: readonly CocoBox[],
  detections: readonly CocoScoredBox[],
  options: DetectionApOptions = {},
): AveragePrecisionResult {
  const iouThreshold = options.iouThreshold ?? 0.5;
  const maxDetections = options.maxDetections ?? 100;
  const images = [...new Set(options.imageIds ?? truths.map((t) => t.image_id))].sort((a, b) => a - b);
  const categories = [...new Set(truths.map((t) => t.category_id))].sort((a, b) => a - b);
  const key = (image: number, category: number): string => `${image}/${category}`;
  const groupTruths = new Map<string, CocoBox[]>();
  for (const t of truths) {
    const k = key(t.image_id, t.category_id);
    groupTruths.set(k, [...(groupTruths.get(k) ?? []), t]);
  }
  const groupDetections = new Map<string, CocoScoredBox[]>();
  for (const d of detections) {
    const k = key(d.image_id, d.category_id);
    groupDetections.set(k, [...(groupDetections.get(k) ?? []), d]);
  }
  const perCategory = new Map<number, number>();
  const all: number[] = [];
  for (const category of categories) {
    const scored: { score: number; matched: boolean }[] = [];
    let positives = 0;
    for (const image of images) {
      const g = groupTruths.get(key(image, category)) ?? [];
      const d = byScore(groupDetections.get(key(image, category)) ?? []).slice(0, maxDetections);
      positives += g.length;
      const taken = new Uint8Array(g.length);
      for (const det of d) {
        let iou = Math.min(iouThreshold, 1 - 1e-10);
        let m = -1;
        g.forEach((truth, gi) => {
          if (taken[gi]) return;
          const v = boxIou(det.bbox, truth.bbox);
          if (v < iou) return;
          iou = v;
          m = gi;
        });
        if (m >= 0) taken[m] = 1;
        scored.push({ score: det.score, matched: m >= 0 });
      }
    }
    if (positives === 0) {
      perCategory.set(category, -1);
      continue;
    }
    const ranked = byScore(scored);
    const recall: number[] = [];
    const precision: number[] = [];
    let tp = 0;
    let fp = 0;
    for (const r of ranked) {
      if (r.matched) tp++;
      else fp++;
      recall.push(tp / positives);
      precision.push(tp / (fp + tp + EPS));
    }
    for (let i = precision.length - 1; i > 0; i--) {
      if (precision[i] > precision[i - 1]) precision[i - 1] = precision[i];
    }
    const q = RECALL_THRESHOLDS.map((threshold) => {
      // np.searchsorted(side="left"): the first index whose recall reaches the threshold.
      let lo = 0;
      let hi = recall.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (recall[mid] < threshold) lo = mid + 1;
        else hi = mid;
      }
      return lo < precision.length ? precision[lo] : 0;
    });
    perCategory.set(category, mean(q));
    all.push(...q);
  }
  return { ap: all.length > 0 ? mean(all) : -1, perCategory };
}

function mean(values: readonly number[]): number {
  // Pairwise summation, as NumPy's mean, keeps parity to the last bit on 101-point curves.
  return pairwiseSum(values, 0, values.length) / values.length;
}

function pairwiseSum(values: readonly number[], start: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = start; i < start + n; i++) s += values[i];
    return s;
  }
  if (n <= 128) {
    // NumPy unrolls by 8 partial sums below its block size.
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let k = 0; k < 8; k++) r[k] = values[start + k];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k] += values[start + i + k];
    let s = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) s += values[start + i];
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}
