import { dtypeOf, type PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";
import { outputArray } from "../core/output";
import { type ChannelStack, createStack } from "../core/stack";
import type { KernelChoice } from "../kernels/instance";
import { uniform } from "../random/distributions";
import { type Rng, sampleRng } from "../random/rng";
import type { AugmentOp, StackShape } from "./op";
import { AUGMENT_OPS } from "./ops";
import { applyPointStepsToView, type PointStep } from "./pointwise";
import { StepReader } from "./spec";
import { materialize, viewOf } from "./view";

/** The pipeline format version this library reads and writes. */
export const AUGMENT_SPEC_VERSION = 1;

/**
 * One JSON step: a transform (`{"op": "rotate", ...}`) or a combinator: `{"op": "sequence", "steps": []}`,
 * `{"op": "one_of", "steps": [], "weights": []}` (one step, chosen with the given weights, default
 * equal) or `{"op": "random_apply", "p": 0.5, "step": {}}` (the step with probability p).
 */
export interface AugmentStepSpec {
  /** Transform or combinator name. */
  readonly op: string;
  /** Its settings. */
  readonly [key: string]: unknown;
}

/** A JSON augmentation pipeline: the steps run in sequence. */
export interface AugmentPipelineSpec {
  /** Format version, {@link AUGMENT_SPEC_VERSION}. */
  readonly version: number;
  /** Steps, in order. */
  readonly steps: readonly AugmentStepSpec[];
}

/** A validated transform step. */
export interface OpNode {
  /** Node kind. */
  readonly type: "op";
  /** Transform name, a key of {@link AUGMENT_OPS}. */
  readonly op: string;
  /** Its parsed configuration. */
  readonly config: unknown;
}

/** Steps run in order. */
export interface SequenceNode {
  /** Node kind. */
  readonly type: "sequence";
  /** The steps. */
  readonly steps: readonly PipelineNode[];
}

/** One step, chosen at random with the given weights. */
export interface OneOfNode {
  /** Node kind. */
  readonly type: "one_of";
  /** The candidates. */
  readonly steps: readonly PipelineNode[];
  /** One non-negative weight per candidate. */
  readonly weights: readonly number[];
}

/** A step run with probability `p`. */
export interface RandomApplyNode {
  /** Node kind. */
  readonly type: "random_apply";
  /** Probability of running the step. */
  readonly p: number;
  /** The step. */
  readonly step: PipelineNode;
}

/** A validated pipeline node, with defaults filled in. */
export type PipelineNode = OpNode | SequenceNode | OneOfNode | RandomApplyNode;

/** A validated pipeline, from {@link parseAugmentPipeline}. */
export interface AugmentPipeline {
  /** The spec it was parsed from. */
  readonly spec: AugmentPipelineSpec;
  /** The top-level sequence. */
  readonly root: PipelineNode;
}

/** One transform that was drawn: its op and plain-JSON parameters. */
export interface AppliedStep {
  /** Transform name, a key of {@link AUGMENT_OPS}. */
  readonly op: string;
  /** Parameters for the op's `apply`. */
  readonly params: unknown;
}

/** What a pipeline drew for one sample: enough to replay it exactly with {@link applyAugmentation}. */
export interface AugmentRecord {
  /** Format version. */
  readonly version: number;
  /** Transforms actually applied, in order (skipped `random_apply` branches are absent). */
  readonly steps: readonly AppliedStep[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function specError(field: string, message: string, expected: unknown, actual: unknown): never {
  throw new CtcError("INVALID_SPEC", message, { field, expected, actual });
}

function parseSteps(value: unknown, path: string, nonEmpty: boolean): PipelineNode[] {
  if (!Array.isArray(value) || (nonEmpty && value.length === 0)) {
    specError(path, "steps must be a list of steps", nonEmpty ? "non-empty array" : "array", value);
  }
  return value.map((step, i) => parseNode(step, `${path}[${i}]`));
}

function parseNode(step: unknown, path: string): PipelineNode {
  if (!isObject(step) || typeof step.op !== "string") {
    specError(`${path}.op`, "a step must be an object with a string `op`", "{ op: string, ... }", step);
  }
  const reader = new StepReader(step, path, step.op);
  const node = parseStep(reader);
  reader.finish();
  return node;
}

function parseStep(reader: StepReader): PipelineNode {
  const { op, path } = reader;
  switch (op) {
    case "sequence":
      return { type: "sequence", steps: parseSteps(reader.raw("steps"), `${path}.steps`, false) };
    case "one_of": {
      const steps = parseSteps(reader.raw("steps"), `${path}.steps`, true);
      const weights = reader.raw("weights") ?? steps.map(() => 1);
      const ok =
        Array.isArray(weights) &&
        weights.length === steps.length &&
        weights.every((w) => typeof w === "number" && Number.isFinite(w) && w >= 0) &&
        weights.some((w) => w > 0);
      if (!ok)
        reader.fail(
          "weights",
          "must be one non-negative weight per step, not all 0",
          `${steps.length} weights`,
        );
      return { type: "one_of", steps, weights: weights as number[] };
    }
    case "random_apply": {
      const p = reader.number("p", 0.5, { min: 0, max: 1 });
      return { type: "random_apply", p, step: parseNode(reader.raw("step"), `${path}.step`) };
    }
    default: {
      if (!Object.hasOwn(AUGMENT_OPS, op)) {
        reader.fail("op", `unknown op "${op}"`, [
          ...Object.keys(AUGMENT_OPS),
          "sequence",
          "one_of",
          "random_apply",
        ]);
      }
      return { type: "op", op, config: AUGMENT_OPS[op].parse(reader) };
    }
  }
}

/**
 * Validate a JSON pipeline and fill in defaults.
 *
 * @param spec - the pipeline, e.g. parsed from a file
 * @returns the validated pipeline
 * @throws {@link CtcError} `INVALID_SPEC` naming the step path and field for unknown ops, unknown keys,
 * wrong types and out-of-range values
 */
export function parseAugmentPipeline(spec: unknown): AugmentPipeline {
  if (!isObject(spec))
    specError("", "an augmentation pipeline must be an object", "{ version, steps }", spec);
  if (spec.version !== AUGMENT_SPEC_VERSION) {
    specError("version", "unsupported augmentation pipeline version", AUGMENT_SPEC_VERSION, spec.version);
  }
  for (const key of Object.keys(spec)) {
    if (key !== "version" && key !== "steps")
      specError(key, `unknown key "${key}"`, ["version", "steps"], spec[key]);
  }
  const steps = parseSteps(spec.steps, "steps", false);
  return { spec: spec as unknown as AugmentPipelineSpec, root: { type: "sequence", steps } };
}

function opOf(name: string, field: string): AugmentOp {
  if (!Object.hasOwn(AUGMENT_OPS, name)) {
    specError(field, `unknown op "${name}"`, Object.keys(AUGMENT_OPS), name);
  }
  return AUGMENT_OPS[name];
}

function sampleNode(node: PipelineNode, rng: Rng, shape: StackShape, out: AppliedStep[]): StackShape {
  switch (node.type) {
    case "op": {
      const impl = opOf(node.op, "op");
      const params = impl.sample(rng, shape, node.config);
      out.push({ op: node.op, params });
      return impl.shapeAfter ? impl.shapeAfter(shape, params) : shape;
    }
    case "sequence":
      return node.steps.reduce((s, step) => sampleNode(step, rng, s, out), shape);
    case "one_of": {
      const total = node.weights.reduce((a, b) => a + b, 0);
      let u = uniform(rng) * total;
      let chosen = node.steps.length - 1;
      for (let i = 0; i < node.steps.length; i++) {
        if (u < node.weights[i]) {
          chosen = i;
          break;
        }
        u -= node.weights[i];
      }
      return sampleNode(node.steps[chosen], rng, shape, out);
    }
    default:
      // One draw whether or not the step runs, so later steps see the same stream either way.
      return uniform(rng) < node.p ? sampleNode(node.step, rng, shape, out) : shape;
  }
}

/**
 * Draw the parameters of every transform for one sample.
 *
 * @param pipeline - validated pipeline
 * @param rng - the sample's generator (advanced), e.g. from {@link sampleRng}
 * @param shape - channel names and size of the input
 * @returns the record of what to apply
 * @throws {@link CtcError} `MISSING_CHANNEL` when a step names a channel the shape lacks,
 * `INVALID_ARGUMENT` when a crop is larger than the image
 */
export function sampleAugmentation(pipeline: AugmentPipeline, rng: Rng, shape: StackShape): AugmentRecord {
  const steps: AppliedStep[] = [];
  sampleNode(
    pipeline.root,
    rng,
    { channels: shape.channels, height: shape.height, width: shape.width },
    steps,
  );
  return { version: AUGMENT_SPEC_VERSION, steps };
}

/** An augmented image and, when one was given, its mask moved with it. */
export interface Augmented {
  /** The augmented stack. */
  readonly stack: ChannelStack;
  /** The mask, moved by the geometric steps only. */
  readonly mask?: ChannelStack;
}

/** Options of {@link applyAugmentation}. */
export interface ApplyAugmentationOptions {
  /** A label mask (one channel, same size) to move with the geometric steps, with nearest sampling. */
  readonly mask?: ChannelStack;
  /**
   * `"js"` to skip the WebAssembly kernels (for a Content Security Policy without
   * `'wasm-unsafe-eval'`); default `"auto"`. The values are the same either way.
   */
  readonly kernels?: KernelChoice;
  /**
   * Where to write the augmented pixels: an array of the input's pixel type with at least as many values
   * as the result (the rest is left alone), not sharing memory with the input; the result's `data` is
   * then this array (trimmed). A training loop that reuses one array per batch slot allocates nothing
   * per sample, where a fresh 64 KB array per 4 x 64 x 64 cell costs about as much as the augmentation
   * itself (the C library returns freed memory to the system and faults it back in).
   */
  readonly out?: PixelArray;
}

/** The per-value steps that can run fused, from `start` on: empty when the step there is not one. */
function pointRun(steps: readonly AppliedStep[], start: number): PointStep[] {
  const run: PointStep[] = [];
  for (let i = start; i < steps.length; i++) {
    const point = opOf(steps[i].op, `steps[${i}].op`).pointStep?.(steps[i].params);
    if (point === undefined) break;
    run.push(point);
  }
  return run;
}

/**
 * Apply a record to a stack: the exact replay of a sampled augmentation.
 *
 * @param stack - input stack (not mutated)
 * @param record - from {@link sampleAugmentation} or a log
 * @param options - optional mask, kernels and output array
 * @returns the augmented stack (and mask)
 * @throws {@link CtcError} `SHAPE_MISMATCH` when the mask's size differs or `out` is too short,
 * `UNSUPPORTED_DTYPE` when `out` has another pixel type, `INVALID_ARGUMENT` when `out` shares the input's
 * memory, `INVALID_SPEC` for an unknown op
 */
export function applyAugmentation(
  stack: ChannelStack,
  record: AugmentRecord,
  options: ApplyAugmentationOptions = {},
): Augmented {
  let { mask } = options;
  if (mask && (mask.height !== stack.height || mask.width !== stack.width)) {
    throw new CtcError("SHAPE_MISMATCH", "mask size differs from the image", {
      field: "mask",
      expected: `${stack.height} x ${stack.width}`,
      actual: `${mask.height} x ${mask.width}`,
    });
  }
  // Geometric steps that can read through a view pass on views; a step that needs pixels gets the view's
  // pixels (a copy unless the view is the identity). Pixels that a step returned belong to this call, so
  // later per-value steps may overwrite them; the caller's pixels (and views into them) are never written.
  const kernels = options.kernels ?? "auto";
  const steps = record.steps;
  const target = options.out && outputFor(stack, steps, options.out);
  /**
   * `target`, for a step whose output has this shape, when it may write there: the sizes agree, and a
   * step that reads its input at other positions than it writes (a warp) does not read `target` itself.
   */
  const into = (size: StackShape, reads?: ChannelStack): PixelArray | undefined =>
    target &&
    reads?.data.buffer !== target.buffer &&
    size.channels.length * size.height * size.width === target.length
      ? target
      : undefined;
  let view = viewOf(stack);
  for (let i = 0; i < steps.length; ) {
    const impl = opOf(steps[i].op, `steps[${i}].op`);
    const { params } = steps[i];
    if (mask && impl.kind === "geometric") mask = impl.apply(mask, params, { mask: true });
    if (impl.applyView) {
      const channels = view.source.channels;
      const size = impl.shapeAfter?.({ ...view, channels }, params) ?? { ...view, channels };
      view = impl.applyView(view, params, { kernels, out: into(size, view.source) });
      i += 1;
      continue;
    }
    const owned = view.source.data.buffer !== stack.data.buffer;
    // Consecutive per-value steps run fused, in one pass over the pixels, reading through the view.
    const run = pointRun(steps, i);
    if (run.length > 0) {
      // Per-value steps may write where they read.
      const out = into({ ...view, channels: view.source.channels });
      view = viewOf(applyPointStepsToView(view, run, owned, kernels, out));
      i += run.length;
      continue;
    }
    const current = materialize(view);
    const data = current.data;
    const inPlace =
      impl.applyInPlace !== undefined &&
      (owned || current !== view.source) &&
      (data instanceof Float32Array || data instanceof Float64Array) &&
      impl.applyInPlace(current as ChannelStack<Float32Array | Float64Array>, params);
    view = viewOf(inPlace ? current : impl.apply(current, params));
    i += 1;
  }
  const out = materialize(view);
  if (target && out.data !== target) target.set(out.data);
  const result = target ? createStack(target, out) : out;
  return mask ? { stack: result, mask } : { stack: result };
}

/** The caller's output array for a record's result, checked and trimmed to the result's size. */
function outputFor(stack: ChannelStack, steps: readonly AppliedStep[], out: PixelArray): PixelArray {
  if (out.buffer === stack.data.buffer) {
    throw new CtcError("INVALID_ARGUMENT", "the output array shares memory with the input", {
      field: "out",
      expected: "an array of its own",
      actual: "a view of the input's buffer",
    });
  }
  const shape = steps.reduce<StackShape>(
    (s, step, i) => opOf(step.op, `steps[${i}].op`).shapeAfter?.(s, step.params) ?? s,
    { channels: stack.channels, height: stack.height, width: stack.width },
  );
  return outputArray(out, shape.channels.length * shape.height * shape.width, dtypeOf(stack.data));
}

/** Options of {@link augment}. */
export interface AugmentOptions extends ApplyAugmentationOptions {
  /** Run seed. */
  readonly seed: number;
  /** Epoch; default 0. */
  readonly epoch?: number;
  /** Index of the sample in the dataset; default 0. */
  readonly index?: number;
}

/** The result of {@link augment}. */
export interface AugmentResult extends Augmented {
  /** What was drawn, for logging and exact replay. */
  readonly record: AugmentRecord;
}

/**
 * Sample and apply a pipeline for one training sample, with the generator `sampleRng(seed, epoch, index)`,
 * so the result depends on those three numbers only (not on batch order or worker count).
 *
 * @param stack - input stack (not mutated)
 * @param pipeline - validated pipeline
 * @param options - seed, epoch, sample index, and optionally a mask, the kernels and an output array
 * @returns the augmented stack, the mask when given, and the record for logging or replay
 */
export function augment(
  stack: ChannelStack,
  pipeline: AugmentPipeline,
  options: AugmentOptions,
): AugmentResult {
  const rng = sampleRng(options.seed, options.epoch ?? 0, options.index ?? 0);
  const record = sampleAugmentation(pipeline, rng, stack);
  return { ...applyAugmentation(stack, record, options), record };
}
