import { selectChannels } from "../core/channels";
import { CtcError } from "../core/errors";
import { assertFinite } from "../core/finite";
import { outputArray } from "../core/output";
import type { ChannelStack } from "../core/stack";
import type { KernelChoice } from "../kernels/instance";
import { checkNotEmpty, derivedStack } from "./common";
import { affineMaps, type NormalizeOptions, type NormalizeStep, normalize } from "./normalize";
import { resize, resizeInto } from "./resize";
import type { ClipStep, DatasetStatistics, PreprocessSpec, PreprocessStep } from "./spec";
import { validatePreprocessSpec } from "./validate";
import { centerCrop, pad } from "./window";

/** Options for {@link preprocess} and {@link Preprocessor.run}. */
export interface PreprocessOptions {
  /** Where to write the C x H x W result (e.g. a slot of a batch); a new array when absent. */
  readonly out?: Float32Array;
  /** Index of the cell in a batch or stream, named in error messages. */
  readonly cell?: number;
  /** Where affine steps run; see {@link NormalizeOptions.kernels}. */
  readonly kernels?: KernelChoice;
}

/** An image size in pixels. */
export interface ImageSize {
  /** Rows. */
  readonly height: number;
  /** Columns. */
  readonly width: number;
}

/** A validated spec, ready to run on many images. */
export interface Preprocessor {
  /** The validated spec. */
  readonly spec: PreprocessSpec;
  /**
   * The size of the output for an input of the given size.
   *
   * @param height - input height
   * @param width - input width
   * @returns output height and width
   */
  outputSize(height: number, width: number): ImageSize;
  /**
   * Preprocess one image; see {@link preprocess}.
   *
   * @param stack - input stack, any dtype, with at least the spec's channels
   * @param options - output array and cell index
   * @returns float32 stack with the spec's channels, in the spec's order
   */
  run(stack: ChannelStack, options?: PreprocessOptions): ChannelStack<Float32Array>;
}

function stepSize(step: PreprocessStep, height: number, width: number): ImageSize {
  switch (step.op) {
    case "resize":
    case "center_crop":
      return { height: step.height, width: step.width };
    case "pad":
      return { height: Math.max(height, step.height), width: Math.max(width, step.width) };
    default:
      return { height, width };
  }
}

/** One pass over the pixels: a step, or an intensity step fused into the resize after it. */
interface Stage {
  /** The step that sets the output size. */
  readonly sizedBy: PreprocessStep;
  /** Run the pass from `input` into `out`. */
  readonly apply: (input: ChannelStack, out: Float32Array, kernels?: KernelChoice) => ChannelStack;
}

/**
 * Group steps into passes. An affine intensity step directly before a resize is folded into it (the
 * resize reads `x - sub` and scales its outputs), which saves a full-size write and read per image;
 * the result equals the two steps up to float32 rounding of the skipped intermediate.
 */
function compileStages(steps: readonly PreprocessStep[], statistics: DatasetStatistics | undefined): Stage[] {
  const stages: Stage[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const next = steps[i + 1];
    if (next?.op === "resize" && isAffine(step)) {
      stages.push({
        sizedBy: next,
        apply: (input, out) => resizeInto(input, { ...next, out }, affineMaps(input, step, statistics)),
      });
      i++;
      continue;
    }
    stages.push({
      sizedBy: step,
      apply: (input, out, kernels) => applyStep(input, step, { statistics, out, kernels }),
    });
  }
  return stages;
}

function isAffine(step: PreprocessStep): step is Exclude<NormalizeStep, ClipStep> {
  return step.op !== "clip" && step.op !== "resize" && step.op !== "center_crop" && step.op !== "pad";
}

function applyStep(
  input: ChannelStack,
  step: PreprocessStep,
  options: NormalizeOptions & { readonly out: Float32Array },
): ChannelStack {
  const { out } = options;
  switch (step.op) {
    case "resize":
      return resize(input, { ...step, out });
    case "center_crop":
      return centerCrop(input, { ...step, out });
    case "pad":
      return pad(input, { ...step, out });
    default:
      return normalize(input, step, options);
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * Validate a spec once and return an object that runs it. Intermediate steps write into two buffers
 * owned by the preprocessor and reused from image to image, the last step writes straight into
 * `options.out` (so a batch is filled with one allocation in total), and an affine intensity step
 * followed by a resize runs as one pass, equal to the two steps up to float32 rounding. A preprocessor is therefore
 * not shared between concurrent callers (each worker makes its own).
 *
 * @param spec - a preprocessing spec (checked with {@link validatePreprocessSpec})
 * @returns the preprocessor
 * @throws {@link CtcError} `INVALID_SPEC` or `MISSING_CHANNEL` as {@link validatePreprocessSpec}
 * @example
 * ```ts
 * const pre = createPreprocessor(spec);
 * for (const cell of cells) classify(pre.run(cell));
 * ```
 */
// @__NO_SIDE_EFFECTS__
export function createPreprocessor(spec: PreprocessSpec): Preprocessor {
  const valid = validatePreprocessSpec(spec);
  const { channels, steps, statistics } = valid;
  const stages = compileStages(steps, statistics);
  const buffers = [new Float32Array(0), new Float32Array(0)];
  const buffer = (i: number, length: number): Float32Array => {
    if (buffers[i].length < length) buffers[i] = new Float32Array(length);
    return buffers[i];
  };
  const outputSize = (height: number, width: number): ImageSize =>
    steps.reduce((size, step) => stepSize(step, size.height, size.width), { height, width });

  const run = (stack: ChannelStack, options: PreprocessOptions = {}): ChannelStack<Float32Array> => {
    const context = options.cell === undefined ? {} : { cell: options.cell };
    checkNotEmpty(stack, context);
    const missing = channels.filter((name) => !stack.channels.includes(name));
    if (missing.length > 0) {
      throw new CtcError(
        "MISSING_CHANNEL",
        `channel${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing`,
        {
          ...context,
          channel: missing[0],
          field: "channels",
          expected: channels,
          actual: stack.channels,
        },
      );
    }
    assertFinite(stack, context);
    let current = sameNames(stack.channels, channels) ? stack : selectChannels(stack, channels);
    if (steps.length === 0) {
      const out = outputArray(options.out, current.data.length);
      out.set(current.data);
      return derivedStack(current, out, current.height, current.width, current.pixelSizeUm);
    }
    stages.forEach((stage, i) => {
      const size = stepSize(stage.sizedBy, current.height, current.width);
      const length = channels.length * size.height * size.width;
      const out = i === stages.length - 1 ? outputArray(options.out, length) : buffer(i % 2, length);
      current = stage.apply(current, out, options.kernels);
    });
    return current as ChannelStack<Float32Array>;
  };
  return { spec: valid, outputSize, run };
}

/**
 * Preprocess one image by a spec: pick the spec's channels by name (in its order), reject NaN and
 * infinities, run the steps in order and return float32. For many images, make a
 * {@link createPreprocessor} once instead (this validates the spec on every call).
 *
 * @param stack - input stack, any dtype, with at least the spec's channels
 * @param spec - the preprocessing spec
 * @param options - output array and cell index
 * @returns float32 stack with the spec's channels, in the spec's order
 * @throws {@link CtcError} `MISSING_CHANNEL` listing the channels present, `NON_FINITE` naming the
 * channel, `INVALID_ARGUMENT` for an empty image, `SHAPE_MISMATCH` for a crop larger than the image or
 * a short `out`, `INVALID_SPEC` for a bad spec
 * @example
 * ```ts
 * const input = preprocess(cell, {
 *   version: 1,
 *   channels: ["DAPI", "CK", "CD45"],
 *   steps: [
 *     { op: "scale_range", mode: "per_sample", min_percentile: 1, max_percentile: 99.8 },
 *     { op: "resize", height: 64, width: 64, mode: "area" },
 *   ],
 * });
 * ```
 */
export function preprocess(
  stack: ChannelStack,
  spec: PreprocessSpec,
  options: PreprocessOptions = {},
): ChannelStack<Float32Array> {
  return createPreprocessor(spec).run(stack, options);
}
