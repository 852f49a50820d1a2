import { channelIndex } from "../core/channels";
import { CtcError } from "../core/errors";
import type { ChannelStack } from "../core/stack";

/**
 * The classic marker rule as one number: mean of the positive marker minus mean of the negative marker
 * over the cell's mask (by default CK minus CD45, in raw pixel values).
 *
 * @param stack - a cell crop
 * @param mask - H x W, non-zero inside the cell
 * @param options - `positive` and `negative` channel names (default "CK" and "CD45")
 * @returns the score; higher looks more like a CTC
 * @throws `CtcError` `MISSING_CHANNEL` when a channel is absent, `SHAPE_MISMATCH` for a wrong-sized
 * mask, `INVALID_ARGUMENT` for an empty mask
 */
export function markerScore(
  stack: ChannelStack,
  mask: Uint8Array,
  options: { readonly positive?: string; readonly negative?: string } = {},
): number {
  const plane = stack.width * stack.height;
  if (mask.length !== plane) {
    throw new CtcError("SHAPE_MISMATCH", "mask size differs from the image", {
      field: "mask",
      expected: plane,
      actual: mask.length,
    });
  }
  const pos = channelIndex(stack, options.positive ?? "CK") * plane;
  const neg = channelIndex(stack, options.negative ?? "CD45") * plane;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < plane; i++) {
    if (mask[i] !== 0) {
      sum += stack.data[pos + i] - stack.data[neg + i];
      count++;
    }
  }
  if (count === 0) throw new CtcError("INVALID_ARGUMENT", "mask is empty", { field: "mask" });
  return sum / count;
}

/** The best single threshold on a score and the F1 it reaches. */
export interface ThresholdResult {
  /** Scores at or above this are called positive. */
  readonly threshold: number;
  /** F1 of the positive class at that threshold. */
  readonly f1: number;
}

/**
 * The threshold on a score that maximizes F1 of the positive class, over every distinct score. This is
 * the "simple marker-threshold baseline" the paper-like preset was calibrated against; since it is tuned
 * on the data it scores, it is an optimistic ceiling for a fixed threshold.
 *
 * @param scores - one score per cell
 * @param positives - whether each cell is positive (a CTC)
 * @returns the best threshold and its F1 (0 when there is no positive)
 * @throws `CtcError` `SHAPE_MISMATCH` when the lengths differ
 */
export function bestThresholdF1(scores: readonly number[], positives: readonly boolean[]): ThresholdResult {
  if (scores.length !== positives.length) {
    throw new CtcError("SHAPE_MISMATCH", "scores and labels differ in length", {
      field: "positives",
      expected: scores.length,
      actual: positives.length,
    });
  }
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const totalPositive = positives.filter(Boolean).length;
  let best: ThresholdResult = { threshold: Number.POSITIVE_INFINITY, f1: 0 };
  let tp = 0;
  let called = 0;
  for (let r = 0; r < order.length; r++) {
    called++;
    if (positives[order[r]]) tp++;
    // Ties must be called together: only evaluate where the next score is strictly lower.
    if (r + 1 < order.length && scores[order[r + 1]] === scores[order[r]]) continue;
    const f1 = totalPositive === 0 ? 0 : (2 * tp) / (called + totalPositive);
    if (f1 > best.f1) best = { threshold: scores[order[r]], f1 };
  }
  return best;
}
