/**
 * Scoring candidates against a simulated field's ground truth by containment: a candidate belongs to the
 * object whose outline holds its centroid. One-to-one matching by centre distance or box overlap cannot
 * score this detector fairly: it finds nuclei, while the truth has one outline per object, so a CTC
 * cluster is one object with up to five nuclei, and a nucleus box is smaller than its cell's box.
 */
import type { Candidate } from "../../src/detect/index";
import { type FieldLayout, objectMask } from "../../src/synth/index";

/** Objects without a nucleus: a nucleus detector is not meant to find them, so recall leaves them out. */
export const ANUCLEATE_TYPES: readonly string[] = ["debris"];

/**
 * Paint every object of a layout into a label image.
 *
 * @param layout - the field layout
 * @returns per pixel, the index of the object in `layout.cells` (the later one where two overlap), or -1
 */
export function objectLabels(layout: FieldLayout): Int32Array {
  const { width, height } = layout;
  const labels = new Int32Array(width * height).fill(-1);
  layout.cells.forEach((cell, k) => {
    const reach = Math.ceil(cell.truth.extentPx) + 2;
    const x0 = Math.max(0, Math.floor(cell.x) - reach);
    const y0 = Math.max(0, Math.floor(cell.y) - reach);
    const w = Math.min(width, Math.floor(cell.x) + reach + 1) - x0;
    const h = Math.min(height, Math.floor(cell.y) + reach + 1) - y0;
    const mask = objectMask(cell.truth, cell.x, cell.y, x0, y0, w, h);
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < w; i++) if (mask[j * w + i] !== 0) labels[(y0 + j) * width + x0 + i] = k;
    }
  });
  return labels;
}

/**
 * The object each candidate's centroid falls in.
 *
 * @param labels - from {@link objectLabels}
 * @param width - field width
 * @param candidates - candidates in field coordinates
 * @returns per candidate, the object index or -1 (outside every object)
 */
export function candidateObjects(
  labels: Int32Array,
  width: number,
  candidates: readonly Pick<Candidate, "x" | "y">[],
): Int32Array {
  return Int32Array.from(candidates, (c) => labels[Math.round(c.y) * width + Math.round(c.x)]);
}

/** Candidate-level figures of one or more fields. */
export interface CandidateScore {
  /** Nucleated objects in the truth. */
  readonly cells: number;
  /** Nucleated objects holding at least one candidate centroid. */
  readonly cellsFound: number;
  /** Anucleate objects (debris) in the truth. */
  readonly anucleate: number;
  /** Anucleate objects holding a candidate centroid. */
  readonly anucleateFound: number;
  /** Candidates. */
  readonly candidates: number;
  /** Candidates whose centroid lies in no object. */
  readonly outside: number;
  /** Candidates on an object that already has one (cluster members, a nucleus cut in two). */
  readonly extra: number;
}

/**
 * Count found objects and stray candidates.
 *
 * @param layout - the field layout
 * @param hits - from {@link candidateObjects}
 * @returns the counts
 */
export function scoreCandidates(layout: FieldLayout, hits: Int32Array): CandidateScore {
  const perObject = new Int32Array(layout.cells.length);
  let outside = 0;
  for (const k of hits) {
    if (k < 0) outside++;
    else perObject[k]++;
  }
  let cells = 0;
  let cellsFound = 0;
  let anucleate = 0;
  let anucleateFound = 0;
  let extra = 0;
  layout.cells.forEach((cell, k) => {
    extra += Math.max(0, perObject[k] - 1);
    if (ANUCLEATE_TYPES.includes(cell.truth.type)) {
      anucleate++;
      if (perObject[k] > 0) anucleateFound++;
    } else {
      cells++;
      if (perObject[k] > 0) cellsFound++;
    }
  });
  return { cells, cellsFound, anucleate, anucleateFound, candidates: hits.length, outside, extra };
}

/** End-to-end CTC figures: objects as the truth records them, calls as the classifier made them. */
export interface CtcScore {
  /** CTC objects (recorded label) in the truth. */
  readonly ctcObjects: number;
  /** CTC objects holding at least one candidate called CTC (true positives). */
  readonly found: number;
  /** Objects called CTC (by at least one candidate) that are not CTCs, plus CTC calls outside every object. */
  readonly falsePositives: number;
}

/**
 * Score CTC calls per object: an object is called CTC when any of its candidates is. A cluster called
 * through three of its nuclei counts once.
 *
 * @param layout - the field layout
 * @param hits - object of each candidate, from {@link candidateObjects}
 * @param calledCtc - whether each candidate was called CTC
 * @returns the counts
 */
export function scoreCtc(layout: FieldLayout, hits: Int32Array, calledCtc: readonly boolean[]): CtcScore {
  const called = new Set<number>();
  let falsePositives = 0;
  hits.forEach((k, i) => {
    if (!calledCtc[i]) return;
    if (k < 0) falsePositives++;
    else called.add(k);
  });
  let ctcObjects = 0;
  let found = 0;
  layout.cells.forEach((cell, k) => {
    const isCtc = cell.truth.label === "CTC";
    if (isCtc) ctcObjects++;
    if (!called.has(k)) return;
    if (isCtc) found++;
    else falsePositives++;
  });
  return { ctcObjects, found, falsePositives };
}
