import { CtcError } from "../core/errors";

/** A class label: an integer class index or a class name such as `"CTC"`. */
export type Label = number | string;

/**
 * Check that a label array holds only finite numbers or only strings, so that sorting is well defined
 * (NumPy refuses mixed label types as well).
 */
function labelKind(values: ArrayLike<Label>, field: string): "number" | "string" | undefined {
  let kind: "number" | "string" | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const k = typeof v;
    if (k !== "number" && k !== "string") {
      throw new CtcError("INVALID_ARGUMENT", "labels must be numbers or strings", {
        field,
        actual: k,
      });
    }
    if (k === "number" && !Number.isFinite(v)) {
      throw new CtcError("INVALID_ARGUMENT", "numeric labels must be finite", { field, actual: String(v) });
    }
    if (kind === undefined) kind = k as "number" | "string";
    else if (kind !== k) {
      throw new CtcError("INVALID_ARGUMENT", "labels mix numbers and strings", { field, actual: i });
    }
  }
  return kind;
}

function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorted distinct labels found in any of the arrays, like scikit-learn's `unique_labels`.
 *
 * @param arrays - label arrays (all numbers or all strings)
 * @returns the labels in ascending order
 */
export function uniqueLabels(...arrays: ArrayLike<Label>[]): Label[] {
  const seen = new Set<Label>();
  let kind: "number" | "string" | undefined;
  arrays.forEach((values, a) => {
    const k = labelKind(values, `labels[${a}]`);
    if (k !== undefined && kind !== undefined && k !== kind) {
      throw new CtcError("INVALID_ARGUMENT", "label arrays mix numbers and strings", { field: "labels" });
    }
    kind ??= k;
    for (let i = 0; i < values.length; i++) seen.add(values[i]);
  });
  return [...seen].sort(compareLabels);
}

/**
 * Validate a user-given label list: non-empty, no duplicates, one type.
 *
 * @param labels - the labels in the order the caller wants
 * @returns a copy of the labels
 */
export function checkLabelList(labels: ArrayLike<Label>): Label[] {
  labelKind(labels, "labels");
  const list = Array.from(labels);
  if (list.length === 0) {
    throw new CtcError("INVALID_ARGUMENT", "labels must hold at least one label", { field: "labels" });
  }
  if (new Set(list).size !== list.length) {
    throw new CtcError("INVALID_ARGUMENT", "labels must not repeat", { field: "labels", actual: list });
  }
  return list;
}

/**
 * Throw SHAPE_MISMATCH unless the arrays have the same length, and INVALID_ARGUMENT if they are empty:
 * scikit-learn returns NaN with a warning for empty inputs, which a pure library cannot report.
 *
 * @param a - first array
 * @param b - second array
 * @param names - the two argument names for the message
 */
export function checkPair(a: ArrayLike<unknown>, b: ArrayLike<unknown>, names: [string, string]): void {
  if (a.length !== b.length) {
    throw new CtcError("SHAPE_MISMATCH", `${names[0]} and ${names[1]} differ in length`, {
      field: names[1],
      expected: a.length,
      actual: b.length,
    });
  }
  if (a.length === 0) {
    throw new CtcError("INVALID_ARGUMENT", "no samples", { field: names[0], expected: "at least one" });
  }
}

/**
 * Throw NON_FINITE at the first score that is NaN or infinite.
 *
 * @param values - scores or probabilities
 * @param field - argument name for the message
 */
export function checkFinite(values: ArrayLike<number>, field: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new CtcError("NON_FINITE", "scores must be finite", {
        field,
        cell: i,
        actual: String(values[i]),
      });
    }
  }
}

/**
 * Throw INVALID_ARGUMENT at the first value outside [0, 1].
 *
 * @param values - probabilities
 * @param field - argument name for the message
 */
export function checkProbabilities(values: ArrayLike<number>, field: string): void {
  checkFinite(values, field);
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0 || values[i] > 1) {
      throw new CtcError("INVALID_ARGUMENT", "probabilities must lie in [0, 1]", {
        field,
        cell: i,
        actual: values[i],
      });
    }
  }
}

const STANDARD_BINARY = ["0,1", "-1,1", "0", "1", "-1"];

/**
 * The positive class of a binary target, as scikit-learn's `_check_pos_label_consistency` decides it:
 * the given label, else 1 when the classes are {0, 1}, {-1, 1}, {0}, {1} or {-1}.
 *
 * @param yTrue - true labels
 * @param posLabel - the caller's choice, if any
 * @returns the positive label
 */
export function resolvePosLabel(yTrue: ArrayLike<Label>, posLabel: Label | undefined): Label {
  const classes = uniqueLabels(yTrue);
  if (classes.length > 2) {
    throw new CtcError("INVALID_ARGUMENT", "a binary target is required", {
      field: "yTrue",
      expected: "at most 2 classes",
      actual: classes.length,
    });
  }
  if (posLabel !== undefined) return posLabel;
  if (!STANDARD_BINARY.includes(classes.join(","))) {
    throw new CtcError("INVALID_ARGUMENT", "posLabel is required unless the classes are {0, 1} or {-1, 1}", {
      field: "posLabel",
      actual: classes,
    });
  }
  return 1;
}

/**
 * 1 where the label equals the positive label, else 0.
 *
 * @param yTrue - true labels
 * @param posLabel - positive label
 * @returns a 0/1 array
 */
export function binarize(yTrue: ArrayLike<Label>, posLabel: Label): Uint8Array {
  const out = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) out[i] = yTrue[i] === posLabel ? 1 : 0;
  return out;
}
