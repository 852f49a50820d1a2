import type { OutputActivation } from "./bundle-schema";

/**
 * Softmax in float64, shifted by the maximum so large logits do not overflow.
 *
 * @param logits - raw scores
 * @returns probabilities summing to 1
 */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = new Array<number>(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
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

/** Probabilities and logits of one cell. */
export interface Scores {
  /** One probability per class. */
  readonly probabilities: number[];
  /**
   * One logit per class. When the graph ends in softmax these are log-probabilities (logits up to a
   * constant, which softmax ignores); for a single-logit binary head the negative class's logit is 0.
   */
  readonly logits: number[];
}

/**
 * Turn one cell's graph output into probabilities and logits, applying an activation only where the
 * graph did not. A graph with one output value per cell and two classes is a binary head: the value is
 * the positive class's logit (or its probability, after a sigmoid).
 *
 * @param output - the graph output of the whole batch
 * @param offset - index of this cell's first value in `output`
 * @param width - output values per cell: the class count, or 1 for a binary head
 * @param positive - index of the positive class
 * @param activation - what the graph already applied
 * @returns the cell's probabilities and logits (one per class)
 */
export function interpretScores(
  output: ArrayLike<number>,
  offset: number,
  width: number,
  positive: number,
  activation: OutputActivation,
): Scores {
  const logit = (p: number) => Math.log(p) - Math.log1p(-p);
  if (width === 1) {
    const value = output[offset];
    const z = activation === "sigmoid" ? logit(value) : value;
    const p = activation === "sigmoid" ? value : sigmoid(z);
    const probabilities = [1 - p, 1 - p];
    const logits = [0, 0];
    probabilities[positive] = p;
    logits[positive] = z;
    return { probabilities, logits };
  }
  const values = Array.from({ length: width }, (_, k) => output[offset + k]);
  switch (activation) {
    case "softmax":
      return { probabilities: values, logits: values.map(Math.log) };
    case "log_softmax":
      return { probabilities: values.map(Math.exp), logits: values };
    case "sigmoid":
      // Independent per-class probabilities (multi-label): they need not sum to 1.
      return { probabilities: values, logits: values.map(logit) };
    default:
      return { probabilities: softmax(values), logits: values };
  }
}
