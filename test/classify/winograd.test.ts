import { describe, expect, it } from "vitest";
import { winogradMatrices } from "../../src/classify/winograd";
import { isCtcError } from "../../src/core/errors";
import { seeded } from "./onnx-models";

// y = A^T ((G g) .* (B^T d)), straight from the matrices.
function winogradCorrelation(m: number, r: number, d: ArrayLike<number>, g: ArrayLike<number>): number[] {
  const w = winogradMatrices(m, r);
  const times = (matrix: Float64Array, rows: number, cols: number, v: ArrayLike<number>) =>
    Array.from({ length: rows }, (_, i) => {
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += matrix[i * cols + j] * v[j];
      return sum;
    });
  const filter = times(w.filterTransform, w.n, r, g);
  const input = times(w.inputTransform, w.n, w.n, d);
  return times(
    w.outputTransform,
    m,
    w.n,
    filter.map((f, k) => f * input[k]),
  );
}

describe("winogradMatrices", () => {
  for (let m = 1; m <= 6; m++)
    for (let r = 1; r <= 5; r++) {
      if (m + r - 1 > 8) continue;
      it(`F(${m}, ${r}) computes the correlation of ${m + r - 1} inputs with ${r} taps`, () => {
        for (let trial = 0; trial < 5; trial++) {
          const d = seeded(m + r - 1, 100 * m + 10 * r + trial);
          const g = seeded(r, 7 + trial);
          const want = Array.from({ length: m }, (_, i) => {
            let sum = 0;
            for (let k = 0; k < r; k++) sum += d[i + k] * g[k];
            return sum;
          });
          const got = winogradCorrelation(m, r, d, g);
          for (let i = 0; i < m; i++) expect(got[i]).toBeCloseTo(want[i], 10);
        }
      });
    }

  it("builds F(2, 3) from small exact fractions: Lavin and Gray's, with the halves in B^T and infinity's row negated", () => {
    const w = winogradMatrices(2, 3);
    expect(w.n).toBe(4);
    expect(Array.from(w.outputTransform)).toEqual([1, 1, 1, 0, 0, 1, -1, 1]);
    expect(Array.from(w.filterTransform)).toEqual([1, 0, 0, 1, 1, 1, 1, -1, 1, 0, 0, 1]);
    expect(Array.from(w.inputTransform)).toEqual([1, 0, -1, 0, 0, 0.5, 0.5, 0, 0, -0.5, 0.5, 0, 0, -1, 0, 1]);
  });

  it("refuses sizes it has no points for", () => {
    const failure = (m: number, r: number) => {
      try {
        winogradMatrices(m, r);
      } catch (error) {
        return isCtcError(error) ? [error.code, error.field] : error;
      }
      return "no error";
    };
    expect(failure(0, 3)).toEqual(["INVALID_ARGUMENT", "m"]);
    expect(failure(2.5, 3)).toEqual(["INVALID_ARGUMENT", "m"]);
    expect(failure(2, 0)).toEqual(["INVALID_ARGUMENT", "r"]);
    expect(failure(7, 3)).toEqual(["INVALID_ARGUMENT", "m + r - 1"]);
  });
});
