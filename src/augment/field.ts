/**
 * Move the weight of a phantom tap (slot 0 or 3 of four) onto the two grid points it extrapolates from:
 * w * (2 p[near] - p[far]), where slot 0's near and far points sit in slots 1 and 2, and slot 3's in 2 and 1.
 */
function foldPhantom(index: Int32Array, weight: Float64Array, base: number, slot: 0 | 3, near: number): void {
  const w = weight[base + slot];
  const [nearSlot, farSlot] = slot === 0 ? [1, 2] : [2, 1];
  weight[base + nearSlot] += 2 * w;
  weight[base + farSlot] -= w;
  index[base + slot] = near;
  weight[base + slot] = 0;
}

/**
 * Catmull-Rom weights and taps along one axis: output pixel `i` of `n` sits at grid position
 * `i * (g - 1) / (n - 1)`, so the corner control points sit on the corner pixels.
 */
function axisTaps(g: number, n: number): { index: Int32Array; weight: Float64Array } {
  const index = new Int32Array(4 * n);
  const weight = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const u = n === 1 ? 0 : (i * (g - 1)) / (n - 1);
    const k = Math.min(Math.floor(u), g - 2);
    const t = u - k;
    const t2 = t * t;
    const t3 = t2 * t;
    const w = [
      0.5 * (-t3 + 2 * t2 - t),
      0.5 * (3 * t3 - 5 * t2 + 2),
      0.5 * (-3 * t3 + 4 * t2 + t),
      0.5 * (t3 - t2),
    ];
    for (let j = 0; j < 4; j++) {
      index[4 * i + j] = k - 1 + j;
      weight[4 * i + j] = w[j];
    }
    // Phantom points beyond the grid are extrapolated linearly (p[-1] = 2 p[0] - p[1]), so linear fields
    // are reproduced exactly up to the border instead of flattening there.
    if (k === 0) foldPhantom(index, weight, 4 * i, 0, 0);
    if (k + 2 === g) foldPhantom(index, weight, 4 * i, 3, g - 1);
  }
  return { index, weight };
}

/**
 * Upsample a g x g control grid to a smooth H x W field by separable Catmull-Rom interpolation (C1,
 * through the control points, corner points on corner pixels). Used for elastic displacement and
 * uneven illumination: a few numbers in the parameters describe the whole field.
 *
 * @param grid - g x g control values, row-major
 * @param g - control points per side, >= 2
 * @param height - output height
 * @param width - output width
 * @returns H x W values, row-major
 */
export function upsampleGrid(
  grid: ArrayLike<number>,
  g: number,
  height: number,
  width: number,
): Float64Array {
  const xs = axisTaps(g, width);
  const ys = axisTaps(g, height);
  const rows = new Float64Array(g * width);
  for (let r = 0; r < g; r++) {
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (let j = 0; j < 4; j++) v += xs.weight[4 * x + j] * grid[r * g + xs.index[4 * x + j]];
      rows[r * width + x] = v;
    }
  }
  const out = new Float64Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (let j = 0; j < 4; j++) v += ys.weight[4 * y + j] * rows[ys.index[4 * y + j] * width + x];
      out[y * width + x] = v;
    }
  }
  return out;
}
