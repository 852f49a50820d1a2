import type { LabelImage } from "./components";

/** Geometry of one labelled region, in pixels. */
export interface Region {
  /** Label in the label image. */
  readonly label: number;
  /** Number of pixels. */
  readonly area: number;
  /** Centroid column (pixel centres at integer coordinates), offset included. */
  readonly x: number;
  /** Centroid row. */
  readonly y: number;
  /** Bounding box `[x, y, width, height]` in whole pixels (COCO's order), offset included. */
  readonly bbox: readonly [number, number, number, number];
  /** Full length of the major axis of the ellipse with the same second moments (scikit-image's). */
  readonly majorAxis: number;
  /** Full length of the minor axis of that ellipse. */
  readonly minorAxis: number;
  /** Eccentricity of that ellipse: 0 for a disc, towards 1 for a line. */
  readonly eccentricity: number;
  /** Whether the region touches the edge of the label image (it may be cut off). */
  readonly touchesBorder: boolean;
}

/**
 * Area, centroid, bounding box and moment ellipse of every region. Moments are taken about each box's
 * corner, so a region gives bit-identical numbers wherever it sits (a tile or the whole field).
 *
 * @param labels - a label image
 * @param offset - `[x, y]` added to positions (the label image's origin in a larger field); default 0
 * @returns one entry per label 1..count, in label order (labels with no pixels are skipped)
 */
export function regionProps(labels: LabelImage, offset: readonly [number, number] = [0, 0]): Region[] {
  const { data, width, height, count } = labels;
  const n = new Float64Array(count + 1);
  const x0 = new Int32Array(count + 1).fill(width);
  const y0 = new Int32Array(count + 1).fill(height);
  const x1 = new Int32Array(count + 1).fill(-1);
  const y1 = new Int32Array(count + 1).fill(-1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const l = data[y * width + x];
      if (l === 0) continue;
      n[l]++;
      if (x < x0[l]) x0[l] = x;
      if (x > x1[l]) x1[l] = x;
      if (y < y0[l]) y0[l] = y;
      if (y > y1[l]) y1[l] = y;
    }
  }
  const sx = new Float64Array(count + 1);
  const sy = new Float64Array(count + 1);
  const sxx = new Float64Array(count + 1);
  const syy = new Float64Array(count + 1);
  const sxy = new Float64Array(count + 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const l = data[y * width + x];
      if (l === 0) continue;
      const u = x - x0[l];
      const v = y - y0[l];
      sx[l] += u;
      sy[l] += v;
      sxx[l] += u * u;
      syy[l] += v * v;
      sxy[l] += u * v;
    }
  }
  const out: Region[] = [];
  for (let l = 1; l <= count; l++) {
    if (n[l] === 0) continue;
    const cu = sx[l] / n[l];
    const cv = sy[l] / n[l];
    // Central second moments; the eigenvalues give the ellipse axes as in skimage.measure.regionprops.
    const a = sxx[l] / n[l] - cu * cu;
    const c = syy[l] / n[l] - cv * cv;
    const b = sxy[l] / n[l] - cu * cv;
    const root = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    const l1 = Math.max(0, (a + c) / 2 + root);
    const l2 = Math.max(0, (a + c) / 2 - root);
    out.push({
      label: l,
      area: n[l],
      x: x0[l] + offset[0] + cu,
      y: y0[l] + offset[1] + cv,
      bbox: [x0[l] + offset[0], y0[l] + offset[1], x1[l] - x0[l] + 1, y1[l] - y0[l] + 1],
      majorAxis: 4 * Math.sqrt(l1),
      minorAxis: 4 * Math.sqrt(l2),
      eccentricity: l1 > 0 ? Math.sqrt(1 - l2 / l1) : 0,
      touchesBorder: x0[l] === 0 || y0[l] === 0 || x1[l] === width - 1 || y1[l] === height - 1,
    });
  }
  return out;
}
