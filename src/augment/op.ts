import type { PixelArray } from "../core/dtype";
import type { ChannelStack } from "../core/stack";
import type { KernelChoice } from "../kernels/instance";
import type { Rng } from "../random/rng";
import type { PointStep } from "./pointwise";
import type { StepReader } from "./spec";
import type { StackView } from "./view";

/** What sampling needs to know about a stack: its channel names and size, not its pixels. */
export interface StackShape {
  /** Channel names, in order. */
  readonly channels: readonly string[];
  /** Height in pixels. */
  readonly height: number;
  /** Width in pixels. */
  readonly width: number;
}

/** Options of {@link AugmentOp.apply}. */
export interface ApplyOptions {
  /**
   * The stack is a label mask riding along with an image: geometric ops resample it with nearest
   * interpolation and a constant 0 fill so labels are never blended.
   */
  readonly mask?: boolean;
}

/** Options of {@link AugmentOp.applyView}. */
export interface ApplyViewOptions {
  /** `"js"` to skip the WebAssembly kernels; default `"auto"`. */
  readonly kernels?: KernelChoice;
  /**
   * Where an op that computes new pixels (a warp) writes them: the view's pixel type and exactly its
   * output size, not sharing memory with the view's source. Ops that return a view of the same pixels
   * (flips, quarter turns) ignore it.
   */
  readonly out?: PixelArray;
}

/**
 * One augmentation: a pure sampler that draws plain-JSON parameters, and a pure function that applies
 * them. Logged parameters replay exactly through `apply`, without the generator.
 */
export interface AugmentOp<C = unknown, P = unknown> {
  /** `geometric` ops move all channels and the mask together; `photometric` ones change values only. */
  readonly kind: "geometric" | "photometric";
  /**
   * Validate a JSON step and fill its defaults.
   *
   * @param reader - reader over the step
   * @returns the step's configuration
   */
  parse(reader: StepReader): C;
  /**
   * Draw parameters.
   *
   * @param rng - generator (advanced)
   * @param shape - the stack's channels and size
   * @param config - parsed configuration
   * @returns plain-JSON parameters
   */
  sample(rng: Rng, shape: StackShape, config: C): P;
  /**
   * Apply parameters to a stack (never mutated).
   *
   * @param stack - input stack
   * @param params - parameters from `sample` (or a log)
   * @param options - whether the stack is a mask
   * @returns a new stack (or the input, for photometric ops on a mask)
   */
  apply(stack: ChannelStack, params: P, options?: ApplyOptions): ChannelStack;
  /**
   * Geometric ops that read their input through a strided view: the dihedral elements return another
   * view of the same pixels (no copy), the affine family resamples through the view. The pixels are those
   * `apply` gives on the view's pixels; a pipeline uses it to fold a flip or a quarter turn into the next
   * step instead of copying the stack in between.
   *
   * @param view - the input, e.g. `viewOf(stack)`
   * @param params - parameters from `sample` (or a log)
   * @param options - which kernels, and where to write pixels that the op computes
   * @returns the output as a view
   */
  applyView?(view: StackView, params: P, options?: ApplyViewOptions): StackView;
  /**
   * Per-value ops that a pipeline fuses with their neighbours (brightness, contrast, Gaussian noise): the
   * step as {@link PointStep} data, whose fused application gives exactly what `apply` gives step by step.
   *
   * @param params - parameters from `sample` (or a log)
   * @returns the step, or undefined when these parameters cannot be fused (the pipeline then uses `apply`)
   */
  pointStep?(params: P): PointStep | undefined;
  /**
   * Photometric ops with other per-value kernels: write into a float stack's own pixels exactly the values
   * `apply` would return. A pipeline calls it on the intermediate stacks it allocated itself, which saves
   * allocating (and zero-filling) a new stack per step: on a 4 x 64 x 64 cell, the allocation cost about
   * as much as a brightness or contrast pass.
   *
   * @param stack - a float32 or float64 stack that no one else holds (mutated)
   * @param params - parameters from `sample` (or a log)
   * @returns false, with the stack untouched, when these parameters cannot be applied in place (a
   * channel listed twice), and the caller must use `apply`; true when done
   */
  applyInPlace?(stack: ChannelStack<Float32Array | Float64Array>, params: P): boolean;
  /**
   * The size after `apply`, for geometric ops that change it (crops, odd quarter turns), so that later
   * steps of a pipeline sample for the right size; absent when the size is kept.
   *
   * @param shape - shape before
   * @param params - parameters
   * @returns shape after
   */
  shapeAfter?(shape: StackShape, params: P): StackShape;
}
