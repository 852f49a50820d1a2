import { CtcError } from "../core/index";
import { assertPlane, type Plane } from "./plane";

/** Pixel adjacency: 4 (edges only) or 8 (edges and corners). */
export type Connectivity = 4 | 8;

/** A label image: 0 is background, objects are numbered 1..count. */
export interface LabelImage extends Plane<Int32Array> {
  /** Number of labels (the largest label). */
  readonly count: number;
}

/** Options for {@link labelComponents}. */
export interface LabelOptions {
  /** Adjacency; default 8, which keeps a nucleus with a one-pixel diagonal waist in one piece. */
  readonly connectivity?: Connectivity;
}

function find(parent: Int32Array, i: number): number {
  let root = i;
  while (parent[root] !== root) root = parent[root];
  // Path compression keeps the second pass linear on long snake-like objects.
  while (parent[i] !== root) {
    const next = parent[i];
    parent[i] = root;
    i = next;
  }
  return root;
}

function union(parent: Int32Array, a: number, b: number): number {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra === rb) return ra;
  if (ra < rb) {
    parent[rb] = ra;
    return ra;
  }
  parent[ra] = rb;
  return rb;
}

/**
 * Connected components of a mask (any non-zero pixel is foreground), numbered in raster order of each
 * object's first pixel, the same numbering as `scipy.ndimage.label`.
 *
 * @param mask - a mask plane
 * @param options - connectivity
 * @returns the label image
 * @throws {@link CtcError} `INVALID_ARGUMENT` for a connectivity other than 4 or 8
 */
export function labelComponents(mask: Plane, options: LabelOptions = {}): LabelImage {
  assertPlane(mask, "mask");
  const connectivity = options.connectivity ?? 8;
  if (connectivity !== 4 && connectivity !== 8) {
    throw new CtcError("INVALID_ARGUMENT", "connectivity must be 4 or 8", {
      field: "connectivity",
      actual: connectivity,
    });
  }
  const { height, width, data } = mask;
  const labels = new Int32Array(data.length);
  // New provisional labels form an independent set of the pixel grid, so at most ceil(n / 2) of them;
  // parent[0] is unused so label 0 stays background.
  const parent = new Int32Array(Math.floor(data.length / 2) + 2);
  let next = 1;
  const diagonal = connectivity === 8;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (data[i] === 0) continue;
      let label = 0;
      if (x > 0 && labels[i - 1] !== 0) label = find(parent, labels[i - 1]);
      if (y > 0) {
        const up = i - width;
        if (labels[up] !== 0)
          label = label === 0 ? find(parent, labels[up]) : union(parent, label, labels[up]);
        if (diagonal && x > 0 && labels[up - 1] !== 0) {
          label = label === 0 ? find(parent, labels[up - 1]) : union(parent, label, labels[up - 1]);
        }
        if (diagonal && x + 1 < width && labels[up + 1] !== 0) {
          label = label === 0 ? find(parent, labels[up + 1]) : union(parent, label, labels[up + 1]);
        }
      }
      if (label === 0) {
        parent[next] = next;
        label = next++;
      }
      labels[i] = label;
    }
  }
  return relabel(labels, parent, height, width);
}

function relabel(labels: Int32Array, parent: Int32Array, height: number, width: number): LabelImage {
  const final = new Int32Array(parent.length);
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l === 0) continue;
    const root = find(parent, l);
    if (final[root] === 0) final[root] = ++count;
    labels[i] = final[root];
  }
  return { data: labels, height, width, count };
}
