import type { OutputActivation } from "./bundle-schema";

/**
 * Add `weight` times the softmax of `length` values from `offset` to `out` from `at`, in float64,
 * shifted by the maximum so large values do not overflow.
 */
function addSoftmax(
  values: ArrayLike<number>,
  offset: number,
  length: number,
  weight: number,
  out: Float64Array,
  at: number,
): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < length; k++) max = Math.max(max, values[offset + k]);
  // Each exponential is taken twice rather than kept in a scratch array: class counts are small.
  let sum = 0;
  for (let k = 0; k < length; k++) sum += Math.exp(values[offset + k] - max);
  for (let k = 0; k < length; k++) out[at + k] += weight * (Math.exp(values[offset + k] - max) / sum);
}

/**
 * Softmax in float64, shifted by the maximum so large logits do not overflow.
 *
 * @param logits - raw scores
 * @returns probabilities summing to 1
 */
export function softmax(logits: ArrayLike<number>): number[] {
  const out = new Float64Array(logits.length);
  addSoftmax(logits, 0, logits.length, 1, out, 0);
  return Array.from(out);
}

/**
 * The logistic function, written so neither tail overflows.
 *
 * @param x - a logit
 * @returns 1 / (1 + e^-x)
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Per-class probabilities and logits of a batch, cell-major (`cell * classes + k`). */
export interface ScoreRows {
  /** Probabilities. */
  readonly probabilities: Float64Array;
  /**
   * Logits. When the graph ends in softmax these are log-probabilities (logits up to a constant, which
   * softmax ignores); for a single-logit binary head the negative class's logit is 0.
   */
  readonly logits: Float64Array;
}

/**
 * Turn one cell's graph output into probabilities and logits, applying an activation only where the
 * graph did not, and add them times `weight` to row `row` of `rows` (so TTA views and ensemble members
 * average in place, with no arrays per cell). A graph with one output value per cell and two classes is
 * a binary head: the value is the positive class's logit (or its probability, after a sigmoid).
 *
 * @param output - the graph output of the whole batch
 * @param offset - index of this cell's first value in `output`
 * @param width - output values per cell: the class count, or 1 for a binary head
 * @param positive - index of the positive class
 * @param activation - what the graph already applied
 * @param weight - the factor on this output's share
 * @param rows - where to add, `classes` values per row
 * @param row - the cell's row
 */
export function addScores(
  output: ArrayLike<number>,
  offset: number,
  width: number,
  positive: number,
  activation: OutputActivation,
  weight: number,
  rows: ScoreRows,
  row: number,
): void {
  const { probabilities, logits } = rows;
  const logit = (p: number) => Math.log(p) - Math.log1p(-p);
  if (width === 1) {
    const at = row * 2;
    const value = output[offset];
    const z = activation === "sigmoid" ? logit(value) : value;
    const p = activation === "sigmoid" ? value : sigmoid(z);
    probabilities[at + positive] += weight * p;
    probabilities[at + 1 - positive] += weight * (1 - p);
    logits[at + positive] += weight * z;
    return;
  }
  const at = row * width;
  if (activation === "none") {
    addSoftmax(output, offset, width, weight, probabilities, at);
    for (let k = 0; k < width; k++) logits[at + k] += weight * output[offset + k];
    return;
  }
  for (let k = 0; k < width; k++) {
    const value = output[offset + k];
    // Multi-label sigmoid outputs stay independent per-class probabilities: they need not sum to 1.
    const p = activation === "log_softmax" ? Math.exp(value) : value;
    const z = activation === "softmax" ? Math.log(value) : activation === "sigmoid" ? logit(value) : value;
    probabilities[at + k] += weight * p;
    logits[at + k] += weight * z;
  }
}
