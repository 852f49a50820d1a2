import { CtcError } from "../core/errors";

/**
 * The three matrices of Winograd's minimal filtering algorithm F(m, r) for one dimension: m outputs
 * of an r-tap correlation from n = m + r - 1 inputs with n multiplications instead of m * r,
 * `y = outputTransform * ((filterTransform * g) .* (inputTransform * d))`.
 */
export interface WinogradMatrices {
  /** Outputs per tile. */
  readonly m: number;
  /** Filter taps. */
  readonly r: number;
  /** Inputs per tile, m + r - 1. */
  readonly n: number;
  /** A^T, m x n, row-major. */
  readonly outputTransform: Float64Array;
  /** G, n x r, row-major. */
  readonly filterTransform: Float64Array;
  /** B^T, n x n, row-major. */
  readonly inputTransform: Float64Array;
}

// Interpolation points in the order that keeps the transforms best conditioned: small integers first,
// then their reciprocals. Infinity is always the last point.
const POINTS = [0, 1, -1, 2, -2, 0.5, -0.5];

// Rows of a Vandermonde matrix over the points plus infinity, for polynomials with k coefficients; the
// row of infinity picks the leading coefficient.
function vandermonde(points: readonly number[], k: number): number[][] {
  return [
    ...points.map((p) => Array.from({ length: k }, (_, j) => p ** j)),
    Array.from({ length: k }, (_, j) => (j === k - 1 ? 1 : 0)),
  ];
}

// Gauss-Jordan elimination with partial pivoting; the matrices here are at most 8 x 8 and well
// conditioned, so float64 is exact to far below float32 rounding.
function inverse(matrix: readonly number[][]): number[][] {
  const n = matrix.length;
  const rows = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let i = col + 1; i < n; i++) if (Math.abs(rows[i][col]) > Math.abs(rows[pivot][col])) pivot = i;
    [rows[col], rows[pivot]] = [rows[pivot], rows[col]];
    const scale = rows[col][col];
    rows[col] = rows[col].map((v) => v / scale);
    for (let i = 0; i < n; i++) {
      const factor = rows[i][col];
      if (i !== col && factor !== 0) rows[i] = rows[i].map((v, j) => v - factor * rows[col][j]);
    }
  }
  return rows.map((row) => row.slice(n));
}

/**
 * Winograd's F(m, r) for correlation (what ONNX Conv computes), built by the Toom-Cook method from the
 * points 0, 1, -1, 2, -2, 1/2, -1/2 (the first m + r - 2 of them) and infinity.
 *
 * Correlation with a filter g is the transpose of convolution with g, and convolution is evaluation at
 * the points, a product, and interpolation: with V the n x n Vandermonde matrix, V_m and V_r its first
 * m and r columns, `A^T = V_m^T`, `G = V_r` and `B^T = (V^-1)^T`.
 *
 * @param m - outputs per tile, at least 1
 * @param r - filter taps, at least 1, with m + r - 1 at most 8
 * @returns the matrices
 * @throws {@link CtcError} `INVALID_ARGUMENT` when m or r is not a whole number >= 1, or m + r - 1 > 8
 */
export function winogradMatrices(m: number, r: number): WinogradMatrices {
  const n = m + r - 1;
  const invalid = (field: string, expected: string, actual: number) =>
    new CtcError("INVALID_ARGUMENT", `Winograd F(${m}, ${r}) cannot be built`, { field, expected, actual });
  if (!Number.isInteger(m) || m < 1) throw invalid("m", "an integer >= 1", m);
  if (!Number.isInteger(r) || r < 1) throw invalid("r", "an integer >= 1", r);
  if (n > POINTS.length + 1) throw invalid("m + r - 1", `at most ${POINTS.length + 1} (points available)`, n);
  const points = POINTS.slice(0, n - 1);
  const inverseT = inverse(vandermonde(points, n));
  const forOutputs = vandermonde(points, m);
  return {
    m,
    r,
    n,
    outputTransform: Float64Array.from({ length: m * n }, (_, k) => forOutputs[k % n][Math.floor(k / n)]),
    filterTransform: Float64Array.from(vandermonde(points, r).flat()),
    inputTransform: Float64Array.from({ length: n * n }, (_, k) => inverseT[k % n][Math.floor(k / n)]),
  };
}
