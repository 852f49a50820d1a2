import type { ImagingSpec } from "./config";

/**
 * A normalized 1-d Gaussian kernel reaching 3 standard deviations each side.
 *
 * @param sigma - standard deviation in pixels (below 0.05 gives the identity `[1]`)
 * @returns kernel of odd length
 */
export function gaussianKernel(sigma: number): Float32Array {
  if (!(sigma >= 0.05)) return Float32Array.of(1);
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp((-i * i) / (2 * sigma * sigma));
    kernel[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  return kernel;
}

/**
 * Blur one plane in place with a separable Gaussian; outside the plane counts as zero (callers pad the
 * plane by the kernel radius, so nothing is lost).
 *
 * @param plane - H x W values, changed in place
 * @param width - plane width
 * @param height - plane height
 * @param kernel - from {@link gaussianKernel}
 * @param scratch - at least H x W floats of working space
 */
export function blurPlane(
  plane: Float32Array,
  width: number,
  height: number,
  kernel: Float32Array,
  scratch: Float32Array,
): void {
  const radius = (kernel.length - 1) >> 1;
  if (radius === 0) return;
  // Only the bounding box of the non-zero pixels, grown by the radius, can become non-zero: every other
  // output is a sum of zeros, which the plane already holds. Objects fill well under half their window.
  let ya = height;
  let yb = -1;
  let xa = width;
  let xb = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    for (let x = 0; x < width; x++) {
      if (plane[row + x] !== 0) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = width - 1;
    while (plane[row + last] === 0) last--;
    if (y < ya) ya = y;
    yb = y;
    if (first < xa) xa = first;
    if (last > xb) xb = last;
  }
  if (yb < 0) return;
  const xlo = Math.max(0, xa - radius);
  const xhi = Math.min(width - 1, xb + radius);
  const ylo = Math.max(0, ya - radius);
  const yhi = Math.min(height - 1, yb + radius);
  // Rows into scratch. Interior pixels skip the bounds test; the edges clip the kernel.
  for (let y = ya; y <= yb; y++) {
    const row = y * width;
    for (let x = xlo; x <= xhi; x++) {
      let acc = 0;
      if (x >= radius && x < width - radius) {
        // The kernel is symmetric: pair the taps and halve the multiplications.
        const centre = row + x;
        acc = kernel[radius] * plane[centre];
        for (let k = 1; k <= radius; k++) acc += kernel[radius + k] * (plane[centre - k] + plane[centre + k]);
      } else {
        const lo = Math.max(-radius, -x);
        const hi = Math.min(radius, width - 1 - x);
        for (let k = lo; k <= hi; k++) acc += kernel[k + radius] * plane[row + x + k];
      }
      scratch[row + x] = acc;
    }
  }
  // Columns back into the plane. Each output sums its taps in order in a local rounded to float32 after
  // every tap, which is exactly what accumulating in place in the Float32Array gave, without the memory
  // round trips. Source rows outside ya..yb are zero and would only add zeros, so they are skipped.
  for (let y = ylo; y <= yhi; y++) {
    const lo = Math.max(-radius, ya - y);
    const hi = Math.min(radius, yb - y);
    const out = y * width;
    for (let x = xlo; x <= xhi; x++) {
      let acc = 0;
      for (let k = lo; k <= hi; k++)
        acc = Math.fround(acc + kernel[k + radius] * scratch[(y + k) * width + x]);
      plane[out + x] = acc;
    }
  }
}

/**
 * Spectral bleed-through: add a fraction of each source channel to its receiving channel. Sources are
 * read before any receiver changes, so chains (A to B, B to C) do not compound.
 *
 * @param planes - C x N values, changed in place
 * @param planeSize - N, pixels per plane
 * @param pairs - `[fromIndex, toIndex, fraction]` triples
 */
export function applyBleedThrough(
  planes: Float32Array,
  planeSize: number,
  pairs: readonly (readonly [number, number, number])[],
): void {
  if (pairs.length === 0) return;
  const original = planes.slice();
  for (const [from, to, fraction] of pairs) {
    const src = from * planeSize;
    const dst = to * planeSize;
    for (let i = 0; i < planeSize; i++) planes[dst + i] += fraction * original[src + i];
  }
}

/**
 * Add a small plane into a larger one at an integer offset plus a sub-pixel shift (bilinear), clipped to
 * the target: `target(x, y) += source(x - originX - shiftX, y - originY - shiftY)`. The source's outer
 * one-pixel ring is not read, so sources must carry a zero border (object windows are padded anyway).
 *
 * @param target - target plane, changed in place
 * @param targetWidth - its width
 * @param targetHeight - its height
 * @param source - the small plane
 * @param sourceWidth - its width
 * @param sourceHeight - its height
 * @param originX - target x of source pixel (0, 0) before the shift (integer)
 * @param originY - target y of source pixel (0, 0) before the shift (integer)
 * @param shiftX - extra shift in x, pixels (any real)
 * @param shiftY - extra shift in y, pixels (any real)
 */
export function addShifted(
  target: Float32Array,
  targetWidth: number,
  targetHeight: number,
  source: Float32Array,
  sourceWidth: number,
  sourceHeight: number,
  originX: number,
  originY: number,
  shiftX: number,
  shiftY: number,
): void {
  const ix = Math.floor(shiftX);
  const iy = Math.floor(shiftY);
  const fx = shiftX - ix;
  const fy = shiftY - iy;
  const w00 = (1 - fx) * (1 - fy);
  const w10 = fx * (1 - fy);
  const w01 = (1 - fx) * fy;
  const w11 = fx * fy;
  const ox = originX + ix;
  const oy = originY + iy;
  // Target (x, y) reads source (sx, sy) = (x - ox, y - oy) and its left and upper neighbours, so sx and
  // sy run over 1 .. size - 1 and every read stays inside the source.
  const x0 = Math.max(0, ox + 1);
  const x1 = Math.min(targetWidth, ox + sourceWidth);
  const y0 = Math.max(0, oy + 1);
  const y1 = Math.min(targetHeight, oy + sourceHeight);
  for (let y = y0; y < y1; y++) {
    const row = (y - oy) * sourceWidth - ox;
    const up = row - sourceWidth;
    const out = y * targetWidth;
    for (let x = x0; x < x1; x++) {
      target[out + x] +=
        w00 * source[row + x] + w10 * source[row + x - 1] + w01 * source[up + x] + w11 * source[up + x - 1];
    }
  }
}

/**
 * Field illumination at a pixel: each camera frame of a stitched scan is vignetted, darkest in its
 * corners by `vignetting`, so the pattern repeats frame by frame.
 *
 * @param x - field x, pixels
 * @param y - field y, pixels
 * @param imaging - imaging settings (`vignetting`, `frameSizePx`)
 * @returns relative illumination, 1 at a frame's centre
 */
export function fieldIllumination(
  x: number,
  y: number,
  imaging: Pick<ImagingSpec, "vignetting" | "frameSizePx">,
): number {
  const f = imaging.frameSizePx;
  const u = (2 * ((x % f) + 0.5)) / f - 1;
  const v = (2 * ((y % f) + 0.5)) / f - 1;
  return 1 - (imaging.vignetting * (u * u + v * v)) / 2;
}
