import { linearPercentile } from "../preprocess/percentile";

/**
 * Percentile of sorted data by linear interpolation, step for step as NumPy 1.24's
 * `np.percentile(a, p)` (method "linear"), so bin edges and bootstrap bounds agree to the last bit. The
 * data is already sorted here (bootstrap replicates, calibration scores), so this only adapts
 * preprocess's {@link linearPercentile} to an array.
 *
 * @param sorted - data sorted ascending, at least one value
 * @param percent - percentile in [0, 100]
 * @returns the interpolated value
 */
export function percentileSorted(sorted: ArrayLike<number>, percent: number): number {
  return linearPercentile(sorted.length, percent, (rank) => sorted[rank]);
}

/**
 * `np.linspace(0, 1, count + 1)` as NumPy computes it (i * step, last point set to 1), so that edges
 * such as 0.6000000000000001 match and a probability on an edge falls in the same bin.
 *
 * @param count - number of intervals
 * @returns count + 1 edges from 0 to 1
 */
export function unitEdges(count: number): Float64Array {
  const edges = new Float64Array(count + 1);
  const step = 1 / count;
  for (let i = 0; i <= count; i++) edges[i] = i * step;
  edges[count] = 1;
  return edges;
}
