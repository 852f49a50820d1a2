import { assertPlane, type Plane } from "./plane";

// Larger than any squared distance in an image that fits in memory, yet finite so (a - b) never is NaN.
const FAR = 1e20;

/**
 * Felzenszwalb-Huttenlocher lower envelope of parabolas for one strided line: exact squared distances
 * in O(n), so the 2-d transform is exact (not a chamfer approximation).
 */
function envelope1d(
  f: Float64Array,
  start: number,
  stride: number,
  n: number,
  v: Int32Array,
  z: Float64Array,
  g: Float64Array,
): void {
  for (let i = 0; i < n; i++) g[i] = f[start + i * stride];
  let k = 0;
  v[0] = 0;
  z[0] = Number.NEGATIVE_INFINITY;
  z[1] = Number.POSITIVE_INFINITY;
  for (let q = 1; q < n; q++) {
    if (g[q] >= FAR) continue;
    if (g[v[k]] >= FAR) {
      // The envelope so far holds only "far" points: replace it with the first real parabola.
      v[k] = q;
      continue;
    }
    let s = (g[q] + q * q - (g[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (g[q] + q * q - (g[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Number.POSITIVE_INFINITY;
  }
  if (g[v[0]] >= FAR) return;
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const d = q - v[k];
    f[start + q * stride] = d * d + g[v[k]];
  }
}

/**
 * Exact Euclidean distance transform: for every non-zero pixel, the distance in pixels to the nearest
 * zero pixel (zero pixels get 0), equal to `scipy.ndimage.distance_transform_edt`.
 *
 * @param mask - a mask plane (non-zero is foreground)
 * @returns distances as float64; `Infinity` everywhere when the mask has no zero pixel
 */
export function distanceTransform(mask: Plane): Float64Array {
  assertPlane(mask, "mask");
  const { height, width, data } = mask;
  const f = new Float64Array(data.length);
  for (let i = 0; i < f.length; i++) f[i] = data[i] === 0 ? 0 : FAR;
  const n = Math.max(height, width);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  const g = new Float64Array(n);
  for (let x = 0; x < width; x++) envelope1d(f, x, width, height, v, z, g);
  for (let y = 0; y < height; y++) envelope1d(f, y * width, 1, width, v, z, g);
  for (let i = 0; i < f.length; i++) f[i] = f[i] >= FAR ? Number.POSITIVE_INFINITY : Math.sqrt(f[i]);
  return f;
}
