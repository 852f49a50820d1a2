import { CtcError } from "../core/errors";
import { createStack } from "../core/stack";
import type { NdArray } from "../io/array";
import { createPreprocessor } from "../preprocess/pipeline";
import type { BioimageioBundle } from "./bioimageio";
import type { BioimageioTolerance } from "./bioimageio-rdf";
import { loadModel } from "./model";
import type { OrtRuntime, SessionSettings } from "./runtime";

/** How close the model came to the package's test outputs. */
export interface SelfCheckReport {
  /** Largest `|actual - expected|`. */
  readonly maxAbsoluteError: number;
  /** Largest `|actual - expected| / |expected|` over elements whose expected value is not 0. */
  readonly maxRelativeError: number;
  /** Elements outside the tolerance. */
  readonly mismatched: number;
  /** Elements compared. */
  readonly elements: number;
  /** The package's tolerance. */
  readonly tolerance: BioimageioTolerance;
}

/**
 * Gather an array's elements into the target axis order (`order[k]` is the data axis of target axis k),
 * C order, as float64 (exact for every NumPy dtype the reader returns).
 */
function reorder(array: NdArray, order: readonly number[]): { data: Float64Array; shape: number[] } {
  const { shape } = array;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const target = order.map((axis) => shape[axis]);
  const targetStrides = order.map((axis) => strides[axis]);
  const data = new Float64Array(target.reduce((a, b) => a * b, 1));
  const index = new Array<number>(target.length).fill(0);
  for (let i = 0; i < data.length; i++) {
    let at = 0;
    for (let k = 0; k < index.length; k++) at += index[k] * targetStrides[k];
    data[i] = Number(array.data[at]);
    for (let k = index.length - 1; k >= 0; k--) {
      if (++index[k] < target[k]) break;
      index[k] = 0;
    }
  }
  return { data, shape: target };
}

/**
 * Run a bioimage.io package's test input through the bundle exactly as the classifier runs cells (the
 * library's preprocessing, the adapted graph with its postprocessing) and compare the result with the
 * package's test output within the package's tolerance: an element passes when
 * `|actual - expected| <= absolute + relative * |expected|`.
 *
 * @param ort - the ONNX Runtime namespace
 * @param bundle - a bundle read from a bioimage.io package
 * @param settings - session settings (threads, execution providers)
 * @returns the largest errors and the number of elements outside the tolerance
 * @throws {@link CtcError} `MODEL_MISMATCH` naming the test output field when more elements than the
 * tolerance allows differ, and the errors of `loadModel` and preprocessing
 */
export async function selfCheckBioimageio(
  ort: OrtRuntime,
  bundle: BioimageioBundle,
  settings: SessionSettings = {},
): Promise<SelfCheckReport> {
  const { card } = bundle;
  const { rdf, file, testInput, testOutput, inputLayout, outputLayout } = bundle.bioimageio;
  const { channels, height, width } = card.input;
  const input = reorder(testInput, inputLayout.order);
  const expected = reorder(testOutput, outputLayout.order);
  const [count] = input.shape;
  const sample = channels.length * height * width;
  const preprocessor = createPreprocessor(card.preprocess);
  const model = await loadModel(ort, bundle, settings);
  try {
    const step = model.fixedBatch ?? count;
    const rows = Math.ceil(count / step) * step;
    const batch = new Float32Array(rows * sample);
    for (let n = 0; n < count; n++) {
      const cell = createStack(input.data.subarray(n * sample, (n + 1) * sample), {
        channels,
        height,
        width,
      });
      preprocessor.run(cell, { out: batch.subarray(n * sample, (n + 1) * sample), cell: n });
    }
    const actual = new Float64Array(rows * model.outputWidth);
    for (let start = 0; start < rows; start += step) {
      const data = batch.subarray(start * sample, (start + step) * sample);
      const tensor = new ort.Tensor("float32", data, [step, channels.length, height, width]);
      const outputs = await model.session.run({ [model.inputName]: tensor });
      actual.set(outputs[model.outputName].data as Float32Array, start * model.outputWidth);
    }
    const { tolerance } = rdf;
    let maxAbsoluteError = 0;
    let maxRelativeError = 0;
    let mismatched = 0;
    const elements = expected.data.length;
    for (let i = 0; i < elements; i++) {
      const e = expected.data[i];
      const d = Math.abs(actual[i] - e);
      // NaN compares false everywhere, so a NaN output is counted as a mismatch explicitly.
      if (!(d <= tolerance.absolute + tolerance.relative * Math.abs(e))) mismatched++;
      maxAbsoluteError = Math.max(maxAbsoluteError, Number.isNaN(d) ? Infinity : d);
      if (e !== 0) maxRelativeError = Math.max(maxRelativeError, d / Math.abs(e));
    }
    const report = { maxAbsoluteError, maxRelativeError, mismatched, elements, tolerance };
    if (mismatched > Math.floor((tolerance.mismatchedPerMillion * elements) / 1e6)) {
      throw new CtcError("MODEL_MISMATCH", "the model does not reproduce the package's test output", {
        file,
        field: rdf.outputs[0].testField,
        expected: tolerance,
        actual: { maxAbsoluteError, maxRelativeError, mismatched, elements },
      });
    }
    return report;
  } finally {
    await model.session.release();
  }
}
