import type { PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";
import type { ChannelStack } from "../core/stack";
import { dihedral } from "./dihedral";

/**
 * The 8 test-time-augmentation views, as {@link dihedral} elements: 0 identity, 1/2/3 quarter turns
 * counter-clockwise, 4 left-right flip, 5 transpose, 6 up-down flip, 7 anti-transpose.
 */
export const TTA_VIEWS: readonly number[] = Object.freeze([0, 1, 2, 3, 4, 5, 6, 7]);

/** Views without quarter turns (identity and the two flips), for non-square inputs. */
export const TTA_FLIP_VIEWS: readonly number[] = Object.freeze([0, 4, 6]);

/**
 * The views of a stack for test-time augmentation.
 *
 * @param stack - input stack
 * @param views - dihedral elements; default {@link TTA_VIEWS}
 * @returns one stack per view, in the order of `views` (element 0 is the input itself, not a copy)
 * @throws {@link CtcError} `INVALID_ARGUMENT` for an element outside 0..7
 */
export function dihedralViews<A extends PixelArray>(
  stack: ChannelStack<A>,
  views: readonly number[] = TTA_VIEWS,
): ChannelStack<A>[] {
  return views.map((k) => (k === 0 ? stack : dihedral(stack, k)));
}

/** Options of {@link averageViewPredictions}. */
export interface ViewAverageOptions {
  /** One non-negative weight per view; default equal weights. */
  readonly weights?: readonly number[];
}

/**
 * Average per-view predictions element by element (e.g. class probabilities of one cell, or of a whole
 * batch laid out the same way in every view). Classification outputs are invariant to the view, so no
 * inverse transform is needed; for dense outputs, map each back with `dihedral(x, inverseDihedral(k))`.
 *
 * @param predictions - one array per view, all the same length
 * @param options - optional weights
 * @returns the (weighted) mean, as float64
 * @throws {@link CtcError} `INVALID_ARGUMENT` when there are no views or weights are bad,
 * `SHAPE_MISMATCH` when lengths differ
 */
export function averageViewPredictions(
  predictions: readonly ArrayLike<number>[],
  options: ViewAverageOptions = {},
): Float64Array {
  if (predictions.length === 0) {
    throw new CtcError("INVALID_ARGUMENT", "no view predictions to average", {
      field: "predictions",
      expected: ">= 1 view",
    });
  }
  const weights = options.weights ?? predictions.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  if (weights.length !== predictions.length || weights.some((w) => !(w >= 0)) || !(total > 0)) {
    throw new CtcError("INVALID_ARGUMENT", "weights must be one non-negative number per view, not all 0", {
      field: "weights",
      expected: `${predictions.length} weights`,
      actual: weights,
    });
  }
  const length = predictions[0].length;
  const out = new Float64Array(length);
  predictions.forEach((view, v) => {
    if (view.length !== length) {
      throw new CtcError("SHAPE_MISMATCH", "view predictions differ in length", {
        field: `predictions[${v}]`,
        expected: length,
        actual: view.length,
      });
    }
    const w = weights[v] / total;
    for (let i = 0; i < length; i++) out[i] += w * view[i];
  });
  return out;
}
