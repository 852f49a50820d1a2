import { CtcError } from "../core/index";
import { assertPlane, type Plane } from "./plane";

/** How {@link subtractBackground} estimates the background. */
export type BackgroundMethod = "tophat" | "mean";

/** Options for {@link subtractBackground}. */
export interface BackgroundOptions {
  /**
   * `"tophat"` (default): the background is a grey opening with a square of half-width `radiusPx`, the
   * flat-structuring-element form of the rolling ball; it never rises into objects smaller than the
   * square. `"mean"`: the background is a box mean of half-width `radiusPx`, cheaper to reason about but
   * lifted near bright objects.
   */
  readonly method?: BackgroundMethod;
  /** Half-width of the structuring element in pixels; must exceed the radius of the largest object. */
  readonly radiusPx: number;
}

/**
 * Running maximum over a clipped window `[i - r, i + r]` of a strided 1-d signal, with a monotonic deque
 * so the cost is O(n) whatever the radius (large radii are the common case here). Minima run on the
 * negated signal, which keeps one branch-free hot loop.
 */
function max1d(
  src: Float32Array,
  dst: Float32Array,
  start: number,
  stride: number,
  n: number,
  r: number,
  deque: Int32Array,
): void {
  let head = 0;
  let tail = 0;
  let next = 0;
  for (let i = 0; i < n; i++) {
    const hi = Math.min(n - 1, i + r);
    while (next <= hi) {
      const v = src[start + next * stride];
      while (tail > head && src[start + deque[tail - 1] * stride] <= v) tail--;
      deque[tail++] = next++;
    }
    while (deque[head] < i - r) head++;
    dst[start + i * stride] = src[start + deque[head] * stride];
  }
}

/**
 * Grey erosion (`max = false`) or dilation (`max = true`) with a (2r+1) square, clipped at the borders
 * (pixels outside the image are ignored, so the border neither darkens nor brightens the result).
 *
 * @param plane - input values
 * @param radius - half-width of the square in pixels (integer >= 0)
 * @param max - true for dilation, false for erosion
 * @returns the filtered plane as float32
 */
export function squareExtremum(plane: Plane, radius: number, max: boolean): Float32Array {
  assertPlane(plane);
  const { height, width } = plane;
  const sign = max ? 1 : -1;
  const src = new Float32Array(plane.data.length);
  for (let i = 0; i < src.length; i++) src[i] = sign * plane.data[i];
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  const deque = new Int32Array(Math.max(height, width));
  for (let y = 0; y < height; y++) max1d(src, tmp, y * width, 1, width, radius, deque);
  for (let x = 0; x < width; x++) max1d(tmp, out, x, width, height, radius, deque);
  if (!max) for (let i = 0; i < out.length; i++) out[i] = -out[i];
  return out;
}

/**
 * Box mean over a (2r+1) square clipped at the borders (the mean of the pixels inside the image), by
 * running sums so the cost does not grow with the radius.
 *
 * @param plane - input values
 * @param radius - half-width in pixels (integer >= 0)
 * @returns the local means as float32
 */
export function boxMean(plane: Plane, radius: number): Float32Array {
  assertPlane(plane);
  const { height, width, data } = plane;
  // Float64 sums: uint16 sums over large windows exceed float32's exact integer range.
  const rows = new Float64Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x <= Math.min(radius, width - 1); x++) sum += data[row + x];
    for (let x = 0; x < width; x++) {
      const lo = Math.max(0, x - radius);
      const hi = Math.min(width - 1, x + radius);
      rows[row + x] = sum / (hi - lo + 1);
      if (x + radius + 1 < width) sum += data[row + x + radius + 1];
      if (x - radius >= 0) sum -= data[row + x - radius];
    }
  }
  const out = new Float32Array(data.length);
  for (let x = 0; x < width; x++) {
    let sum = 0;
    for (let y = 0; y <= Math.min(radius, height - 1); y++) sum += rows[y * width + x];
    for (let y = 0; y < height; y++) {
      const lo = Math.max(0, y - radius);
      const hi = Math.min(height - 1, y + radius);
      out[y * width + x] = sum / (hi - lo + 1);
      if (y + radius + 1 < height) sum += rows[(y + radius + 1) * width + x];
      if (y - radius >= 0) sum -= rows[(y - radius) * width + x];
    }
  }
  return out;
}

/**
 * Remove a slowly varying background (uneven illumination, autofluorescence) from one channel.
 *
 * @param plane - one channel
 * @param options - method and radius
 * @returns the foreground, `max(value - background, 0)`, as float32; integer inputs give exact integers
 * @throws {@link CtcError} `INVALID_ARGUMENT` for a negative or non-integer radius
 */
export function subtractBackground(plane: Plane, options: BackgroundOptions): Float32Array {
  const { method = "tophat", radiusPx } = options;
  if (!Number.isInteger(radiusPx) || radiusPx < 0) {
    throw new CtcError("INVALID_ARGUMENT", "background radius must be a non-negative integer", {
      field: "radiusPx",
      actual: radiusPx,
    });
  }
  const background =
    method === "mean"
      ? boxMean(plane, radiusPx)
      : squareExtremum(
          { data: squareExtremum(plane, radiusPx, false), height: plane.height, width: plane.width },
          radiusPx,
          true,
        );
  const { data } = plane;
  for (let i = 0; i < background.length; i++) {
    const v = data[i] - background[i];
    background[i] = Math.max(v, 0);
  }
  return background;
}
