import { dtypeOf, type PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";

/**
 * Check that every percentile lies in [0, 100].
 *
 * @param qs - percentiles
 * @param field - name of the option holding them, for the error
 * @throws {@link CtcError} `INVALID_ARGUMENT` naming the first bad percentile
 */
export function checkPercentiles(qs: readonly number[], field = "percentiles"): void {
  for (const q of qs) {
    if (!(typeof q === "number" && q >= 0 && q <= 100)) {
      throw new CtcError("INVALID_ARGUMENT", "percentiles must be numbers in [0, 100]", {
        field,
        expected: "0 <= q <= 100",
        actual: q,
      });
    }
  }
}

/**
 * The `q`-th percentile of `n` sorted values by NumPy's default (`method='linear'`), bit for bit: virtual
 * index `(n - 1) * (q / 100)`, its floor and fraction `gamma`, then NumPy's `_lerp`, which for
 * `gamma >= 0.5` interpolates down from the upper neighbour so that `gamma = 1` lands exactly on it.
 *
 * @param n - number of values (at least 1)
 * @param q - percentile in [0, 100]
 * @param valueAtRank - the value of rank `k` (0-based) in ascending order
 * @param float32 - round the neighbour difference to float32, as NumPy does for float32 input
 * @returns the percentile, as a float64
 */
export function linearPercentile(
  n: number,
  q: number,
  valueAtRank: (rank: number) => number,
  float32 = false,
): number {
  const virtual = (n - 1) * (q / 100);
  if (virtual >= n - 1) return valueAtRank(n - 1);
  const below = Math.floor(virtual);
  const gamma = virtual - below;
  const a = valueAtRank(below);
  const b = valueAtRank(below + 1);
  // NumPy subtracts in the input dtype; for signed integers that can wrap (np.percentile of int8
  // [-128, 127] at 30 gives -128.3), so integers keep the exact difference and only float32 is rounded.
  const diff = float32 ? Math.fround(b - a) : b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * Where value 0 falls in an exact histogram of the data's dtype: 8- and 16-bit integers are counted in
 * 256 or 65,536 bins, signed ones shifted up by half the range.
 *
 * @param data - pixel data
 * @returns the offset added to a value to get its bin, or undefined for dtypes not histogrammed
 */
export function histogramOffset(data: PixelArray): number | undefined {
  switch (dtypeOf(data)) {
    case "uint8":
    case "uint16":
      return 0;
    case "int8":
      return 128;
    case "int16":
      return 32768;
    default:
      return undefined;
  }
}

// Scratch histogram, reused across calls: allocating and zeroing 256 KiB per image costs more than the
// counting itself. Only the bins that were touched are cleared afterwards, so each call starts from zero.
let scratch: Uint32Array | undefined;

function histogramPercentiles(data: PixelArray, offset: number, qs: readonly number[]): number[] {
  scratch ??= new Uint32Array(65536);
  const counts = scratch;
  const n = data.length;
  let lo = 65535;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const bin = data[i] + offset;
    counts[bin]++;
    if (bin < lo) lo = bin;
    if (bin > hi) hi = bin;
  }
  // Walk in from the nearer end: the usual percentiles (1, 99.8) sit a few bins from the extremes, and
  // a second, coarser histogram would cost more to count than it saves here.
  const valueAtRank = (rank: number): number => {
    let bin: number;
    if (rank < n / 2) {
      bin = lo;
      for (let seen = counts[bin]; seen <= rank; seen += counts[bin]) bin++;
    } else {
      bin = hi;
      for (let above = counts[bin]; above < n - rank; above += counts[bin]) bin--;
    }
    return bin - offset;
  };
  const result = qs.map((q) => linearPercentile(n, q, valueAtRank));
  if (hi - lo < n) counts.fill(0, lo, hi + 1);
  else for (let i = 0; i < n; i++) counts[data[i] + offset] = 0;
  return result;
}

/**
 * Percentiles of pixel values, equal to NumPy's `np.percentile(values, qs)` (default `'linear'` method).
 *
 * 8- and 16-bit integers are counted into a histogram (exact, and about 8x faster than sorting); other
 * dtypes are sorted in a copy. For float32 input the result matches NumPy called with a list of
 * percentiles (NumPy computes in float32 when `q` is a lone scalar).
 *
 * @param values - pixel values (finite; at least one)
 * @param qs - percentiles in [0, 100]
 * @returns one float64 per percentile, in the order of `qs`
 * @throws {@link CtcError} `INVALID_ARGUMENT` for an empty array or a percentile outside [0, 100]
 * @example
 * ```ts
 * const [lo, hi] = percentiles(getChannel(stack, "DAPI"), [1, 99.8]);
 * ```
 */
export function percentiles(values: PixelArray, qs: readonly number[]): number[] {
  checkPercentiles(qs);
  if (values.length === 0) {
    throw new CtcError("INVALID_ARGUMENT", "percentiles of an empty array are undefined", {
      field: "values",
      expected: "at least one value",
      actual: 0,
    });
  }
  const offset = histogramOffset(values);
  if (offset !== undefined) return histogramPercentiles(values, offset, qs);
  const sorted = values.slice().sort();
  const float32 = sorted instanceof Float32Array;
  return qs.map((q) => linearPercentile(sorted.length, q, (rank) => sorted[rank], float32));
}
