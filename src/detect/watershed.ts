import { squareExtremum } from "./background";
import { type Connectivity, type LabelImage, labelComponents } from "./components";
import { distanceTransform } from "./distance";
import { assertPlane, type Plane } from "./plane";

/**
 * Min-heap of pixels keyed by (level, insertion order): ties flood first-in first-out, as in
 * scikit-image's watershed, so plateaus split midway instead of being swallowed by one basin.
 */
class PixelQueue {
  private level = new Float64Array(1024);
  private age = new Float64Array(1024);
  private pixel = new Int32Array(1024);
  size = 0;
  private counter = 0;

  private less(a: number, b: number): boolean {
    return this.level[a] < this.level[b] || (this.level[a] === this.level[b] && this.age[a] < this.age[b]);
  }

  private swap(a: number, b: number): void {
    const l = this.level[a];
    this.level[a] = this.level[b];
    this.level[b] = l;
    const g = this.age[a];
    this.age[a] = this.age[b];
    this.age[b] = g;
    const p = this.pixel[a];
    this.pixel[a] = this.pixel[b];
    this.pixel[b] = p;
  }

  push(level: number, pixel: number): void {
    if (this.size === this.pixel.length) {
      const grow = <T extends Float64Array | Int32Array>(old: T, next: T): T => {
        next.set(old);
        return next;
      };
      this.level = grow(this.level, new Float64Array(this.size * 2));
      this.age = grow(this.age, new Float64Array(this.size * 2));
      this.pixel = grow(this.pixel, new Int32Array(this.size * 2));
    }
    let i = this.size++;
    this.level[i] = level;
    this.age[i] = this.counter++;
    this.pixel[i] = pixel;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.less(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }

  pop(): number {
    const top = this.pixel[0];
    this.size--;
    if (this.size > 0) {
      this.swap(0, this.size);
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.size && this.less(l, m)) m = l;
        if (r < this.size && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/**
 * Seeded watershed (Meyer's flooding, 4-connected): every mask pixel reachable from a marker gets the
 * label of the marker whose flood reaches it first, lowest elevation first.
 *
 * @param elevation - the relief to flood (e.g. the negated distance transform)
 * @param markers - seed labels, 0 where unseeded; same size as `elevation`
 * @param mask - pixels that may be flooded (non-zero)
 * @returns the flooded labels (0 outside the mask or where no marker reaches)
 */
export function watershed(elevation: Plane, markers: Plane<Int32Array>, mask: Plane): Int32Array {
  assertPlane(elevation, "elevation");
  assertPlane(markers, "markers");
  assertPlane(mask, "mask");
  const { height, width } = elevation;
  const out = Int32Array.from(markers.data);
  const queue = new PixelQueue();
  for (let i = 0; i < out.length; i++) if (out[i] !== 0) queue.push(elevation.data[i], i);
  const queued = new Uint8Array(out.length);
  while (queue.size > 0) {
    const i = queue.pop();
    const y = Math.floor(i / width);
    const x = i - y * width;
    const label = out[i];
    // Unrolled 4-neighbourhood: no per-pixel allocation in the hot loop.
    for (let k = 0; k < 4; k++) {
      let j: number;
      if (k === 0) j = y > 0 ? i - width : -1;
      else if (k === 1) j = y + 1 < height ? i + width : -1;
      else if (k === 2) j = x > 0 ? i - 1 : -1;
      else j = x + 1 < width ? i + 1 : -1;
      if (j < 0 || out[j] !== 0 || queued[j] !== 0 || mask.data[j] === 0) continue;
      out[j] = label;
      queued[j] = 1;
      queue.push(elevation.data[j], j);
    }
  }
  return out;
}

/** Options for {@link splitTouching}. */
export interface SplitOptions {
  /** Seeds closer than this (pixels) merge; about the smallest nucleus radius. */
  readonly minSeedDistancePx: number;
  /** Adjacency of the objects before splitting; default 8. Flooding itself is 4-connected. */
  readonly connectivity?: Connectivity;
  /**
   * Two basins stay apart only when the distance-map saddle between them is below this fraction of the
   * smaller basin's peak (a neck); a round nucleus has no neck, so noise seeds on it merge back.
   * Default 0.8 (two equal discs are split once their centres are more than 1.2 radii apart).
   */
  readonly neckRatio?: number;
}

function findRoot(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/**
 * Split touching nuclei: distance transform of the mask, one seed per distance peak, seeded watershed on
 * the negated distance, then merging of basins not separated by a neck.
 *
 * @param mask - foreground mask (non-zero)
 * @param options - seed spacing and neck ratio
 * @returns labels numbered in raster order; every mask pixel is labelled
 */
export function splitTouching(mask: Plane, options: SplitOptions): LabelImage {
  assertPlane(mask, "mask");
  const { height, width } = mask;
  const neckRatio = options.neckRatio ?? 0.8;
  const components = labelComponents(mask, { connectivity: options.connectivity ?? 8 });
  const distance = distanceTransform(mask);
  const dist32 = new Float32Array(distance.length);
  for (let i = 0; i < dist32.length; i++) dist32[i] = Number.isFinite(distance[i]) ? distance[i] : 0;
  const radius = Math.max(1, Math.round(options.minSeedDistancePx));
  const dilated = squareExtremum({ data: dist32, height, width }, radius, true);
  const peakMask = new Uint8Array(dist32.length);
  for (let i = 0; i < peakMask.length; i++) peakMask[i] = dist32[i] > 0 && dist32[i] === dilated[i] ? 1 : 0;
  const peaks = labelComponents({ data: peakMask, height, width });
  // One seed per plateau; seeds closer than the radius are dropped, highest first.
  const sumX = new Float64Array(peaks.count + 1);
  const sumY = new Float64Array(peaks.count + 1);
  const n = new Float64Array(peaks.count + 1);
  const level = new Float64Array(peaks.count + 1);
  const componentOf = new Int32Array(peaks.count + 1);
  for (let i = 0; i < peaks.data.length; i++) {
    const l = peaks.data[i];
    if (l === 0) continue;
    sumX[l] += i % width;
    sumY[l] += Math.floor(i / width);
    n[l]++;
    level[l] = dist32[i];
    componentOf[l] = components.data[i];
  }
  const order = Array.from({ length: peaks.count }, (_, k) => k + 1).sort(
    (a, b) => level[b] - level[a] || a - b,
  );
  const kept: number[] = [];
  const seedOf = new Int32Array(peaks.count + 1);
  const seedsIn = new Int32Array(components.count + 1);
  for (const l of order) {
    const cx = sumX[l] / n[l];
    const cy = sumY[l] / n[l];
    const near = kept.some((k) => Math.hypot(sumX[k] / n[k] - cx, sumY[k] / n[k] - cy) < radius);
    if (!near) {
      kept.push(l);
      seedOf[l] = kept.length;
      seedsIn[componentOf[l]]++;
    }
  }
  // Most nuclei stand alone: only components holding several seeds are flooded.
  const flood = new Uint8Array(mask.data.length);
  let any = false;
  for (let i = 0; i < flood.length; i++) {
    if (seedsIn[components.data[i]] > 1) {
      flood[i] = 1;
      any = true;
    }
  }
  if (!any) return components;
  const markers = new Int32Array(peaks.data.length);
  const elevation = new Float64Array(dist32.length);
  for (let i = 0; i < markers.length; i++) {
    markers[i] = flood[i] ? seedOf[peaks.data[i]] : 0;
    elevation[i] = -dist32[i];
  }
  const basins = watershed(
    { data: elevation, height, width },
    { data: markers, height, width },
    {
      data: flood,
      height,
      width,
    },
  );
  const merged = mergeWithoutNeck(basins, dist32, kept.length, width, neckRatio);
  // Flooded pixels no seed reached (diagonal-only links under 4-connected flooding) keep their own label.
  const rest = new Uint8Array(merged.length);
  for (let i = 0; i < rest.length; i++) rest[i] = flood[i] !== 0 && merged[i] === 0 ? 1 : 0;
  const restLabels = labelComponents({ data: rest, height, width });
  const combined = new Int32Array(merged.length);
  const base = kept.length + restLabels.count;
  for (let i = 0; i < combined.length; i++) {
    if (components.data[i] === 0) continue;
    if (flood[i] === 0) combined[i] = base + components.data[i];
    else combined[i] = merged[i] !== 0 ? merged[i] : kept.length + restLabels.data[i];
  }
  return sequential(combined, height, width);
}

function mergeWithoutNeck(
  basins: Int32Array,
  dist: Float32Array,
  count: number,
  width: number,
  neckRatio: number,
): Int32Array {
  const peak = new Float64Array(count + 1);
  for (let i = 0; i < basins.length; i++) if (dist[i] > peak[basins[i]]) peak[basins[i]] = dist[i];
  const saddle = new Map<number, number>();
  const note = (a: number, b: number, value: number): void => {
    if (a === 0 || b === 0 || a === b) return;
    const key = a < b ? a * (count + 1) + b : b * (count + 1) + a;
    if (value > (saddle.get(key) ?? -1)) saddle.set(key, value);
  };
  for (let i = 0; i < basins.length; i++) {
    const a = basins[i];
    if (a === 0) continue;
    if ((i + 1) % width !== 0 && basins[i + 1] !== a) note(a, basins[i + 1], Math.min(dist[i], dist[i + 1]));
    if (i + width < basins.length && basins[i + width] !== a) {
      note(a, basins[i + width], Math.min(dist[i], dist[i + width]));
    }
  }
  const parent = Int32Array.from({ length: count + 1 }, (_, i) => i);
  const groupPeak = Float64Array.from(peak);
  const pairs = [...saddle.entries()]
    .map(([key, value]) => ({ a: Math.floor(key / (count + 1)), b: key % (count + 1), value }))
    .sort((p, q) => q.value - p.value || p.a - q.a || p.b - q.b);
  for (const { a, b, value } of pairs) {
    const ra = findRoot(parent, a);
    const rb = findRoot(parent, b);
    if (ra === rb) continue;
    if (value >= neckRatio * Math.min(groupPeak[ra], groupPeak[rb])) {
      const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
      parent[drop] = keep;
      groupPeak[keep] = Math.max(groupPeak[keep], groupPeak[drop]);
    }
  }
  const out = new Int32Array(basins.length);
  for (let i = 0; i < out.length; i++) out[i] = basins[i] === 0 ? 0 : findRoot(parent, basins[i]);
  return out;
}

function sequential(labels: Int32Array, height: number, width: number): LabelImage {
  const map = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l === 0) continue;
    let m = map.get(l);
    if (m === undefined) {
      m = map.size + 1;
      map.set(l, m);
    }
    labels[i] = m;
  }
  return { data: labels, height, width, count: map.size };
}
