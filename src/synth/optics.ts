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
  // Only pixels within the radius of a non-zero pixel can become non-zero: every other output is a sum
  // of zeros, which the plane already holds. So each row is blurred over its own non-zero span grown by
  // the radius, and each output row over the union of the grown spans of the rows it sums; a cell is
  // round, so this skips the corners of its window as well as the empty border.
  const spans = new Int32Array(2 * height).fill(-1);
  let ya = height;
  let yb = -1;
  let xlo = width;
  let xhi = -1;
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
    spans[2 * y] = Math.max(0, first - radius);
    spans[2 * y + 1] = Math.min(width - 1, last + radius);
    if (y < ya) ya = y;
    yb = y;
    xlo = Math.min(xlo, spans[2 * y]);
    xhi = Math.max(xhi, spans[2 * y + 1]);
  }
  if (yb < 0) return;
  // Rows into scratch, zero elsewhere in xlo..xhi, which the columns below may read.
  for (let y = ya; y <= yb; y++) {
    const row = y * width;
    const x0 = spans[2 * y];
    const x1 = spans[2 * y + 1];
    if (x0 < 0) {
      scratch.fill(0, row + xlo, row + xhi + 1);
      continue;
    }
    scratch.fill(0, row + xlo, row + x0);
    scratch.fill(0, row + x1 + 1, row + xhi + 1);
    blurRow(plane, scratch, row, x0, x1, width, kernel, radius);
  }
  // Columns back into the plane. Each output sums its taps in order in a local rounded to float32 after
  // every tap, which is exactly what accumulating in place in the Float32Array gave, without the memory
  // round trips. Source rows outside ya..yb are zero and would only add zeros, so they are skipped.
  const ylo = Math.max(0, ya - radius);
  const yhi = Math.min(height - 1, yb + radius);
  for (let y = ylo; y <= yhi; y++) {
    const lo = Math.max(-radius, ya - y);
    const hi = Math.min(radius, yb - y);
    let x0 = width;
    let x1 = -1;
    for (let k = lo; k <= hi; k++) {
      const start = spans[2 * (y + k)];
      if (start < 0) continue;
      x0 = Math.min(x0, start);
      x1 = Math.max(x1, spans[2 * (y + k) + 1]);
    }
    const out = y * width;
    let x = x0;
    // Four outputs at a time: their rounding chains are independent, so the processor overlaps them.
    for (; x + 3 <= x1; x += 4) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let k = lo, src = (y + lo) * width + x; k <= hi; k++, src += width) {
        const w = kernel[k + radius];
        a0 = Math.fround(a0 + w * scratch[src]);
        a1 = Math.fround(a1 + w * scratch[src + 1]);
        a2 = Math.fround(a2 + w * scratch[src + 2]);
        a3 = Math.fround(a3 + w * scratch[src + 3]);
      }
      plane[out + x] = a0;
      plane[out + x + 1] = a1;
      plane[out + x + 2] = a2;
      plane[out + x + 3] = a3;
    }
    for (; x <= x1; x++) {
      let acc = 0;
      for (let k = lo; k <= hi; k++)
        acc = Math.fround(acc + kernel[k + radius] * scratch[(y + k) * width + x]);
      plane[out + x] = acc;
    }
  }
}

// One row of the horizontal pass, outputs x0..x1 of the row starting at `row`. Interior pixels skip the
// bounds test and pair the symmetric kernel's taps; the edges clip the kernel.
function blurRow(
  plane: Float32Array,
  scratch: Float32Array,
  row: number,
  x0: number,
  x1: number,
  width: number,
  kernel: Float32Array,
  radius: number,
): void {
  const centreTap = kernel[radius];
  let x = x0;
  for (; x <= x1 && x < radius; x++) scratch[row + x] = clippedTaps(plane, row, x, width, kernel, radius);
  const interiorEnd = Math.min(x1, width - 1 - radius);
  // Four outputs at a time, as in the columns: independent sums the processor can overlap.
  for (; x + 3 <= interiorEnd; x += 4) {
    const c = row + x;
    let a0 = centreTap * plane[c];
    let a1 = centreTap * plane[c + 1];
    let a2 = centreTap * plane[c + 2];
    let a3 = centreTap * plane[c + 3];
    for (let k = 1; k <= radius; k++) {
      const w = kernel[radius + k];
      a0 += w * (plane[c - k] + plane[c + k]);
      a1 += w * (plane[c + 1 - k] + plane[c + 1 + k]);
      a2 += w * (plane[c + 2 - k] + plane[c + 2 + k]);
      a3 += w * (plane[c + 3 - k] + plane[c + 3 + k]);
    }
    scratch[c] = a0;
    scratch[c + 1] = a1;
    scratch[c + 2] = a2;
    scratch[c + 3] = a3;
  }
  for (; x <= interiorEnd; x++) {
    const c = row + x;
    let acc = centreTap * plane[c];
    for (let k = 1; k <= radius; k++) acc += kernel[radius + k] * (plane[c - k] + plane[c + k]);
    scratch[c] = acc;
  }
  for (; x <= x1; x++) scratch[row + x] = clippedTaps(plane, row, x, width, kernel, radius);
}

function clippedTaps(
  plane: Float32Array,
  row: number,
  x: number,
  width: number,
  kernel: Float32Array,
  radius: number,
): number {
  const lo = Math.max(-radius, -x);
  const hi = Math.min(radius, width - 1 - x);
  let acc = 0;
  for (let k = lo; k <= hi; k++) acc += kernel[k + radius] * plane[row + x + k];
  return acc;
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
  // Only a source that also receives needs its original copied; the others are read in place.
  const originals = new Map<number, Float32Array>();
  for (const [from] of pairs) {
    if (!originals.has(from) && pairs.some(([, to]) => to === from))
      originals.set(from, planes.slice(from * planeSize, (from + 1) * planeSize));
  }
  for (const [from, to, fraction] of pairs) {
    const source = originals.get(from) ?? planes.subarray(from * planeSize, (from + 1) * planeSize);
    const dst = to * planeSize;
    for (let i = 0; i < planeSize; i++) planes[dst + i] += fraction * source[i];
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
    // Each pixel's left neighbours are the previous pixel's own: carried over, two reads a pixel, not four.
    let left = source[row + x0 - 1];
    let upLeft = source[up + x0 - 1];
    for (let x = x0; x < x1; x++) {
      const here = source[row + x];
      const above = source[up + x];
      target[out + x] += w00 * here + w10 * left + w01 * above + w11 * upLeft;
      left = here;
      upLeft = above;
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
