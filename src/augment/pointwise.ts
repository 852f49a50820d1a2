import { allocPixels, dtypeOf, isIntegerDType, type PixelArray } from "../core/dtype";
import { type ChannelStack, createStack } from "../core/stack";
import type { KernelChoice } from "../kernels/instance";
import { normalTable16 } from "../random/normal16";
import { Xoshiro128 } from "../random/xoshiro128";
import { storeRounded } from "./channels";
import { planPointSteps } from "./point-plan";
import { isIdentity, materialize, type StackView, viewOf } from "./view";
import { pointStepsWasm } from "./wasm/point";

/**
 * `v -> v * scale + offset` on the listed channels. Brightness is `[1, offset]` (`v * 1` is `v` exactly)
 * and contrast `[gain, -0]` (adding -0 changes no value, not even the sign of a zero, where +0 would).
 */
export interface LinearStep {
  /** Step kind. */
  readonly kind: "linear";
  /** Channel name to `[scale, offset]`. */
  readonly channels: Readonly<Record<string, readonly [number, number]>>;
}

/**
 * Camera noise in its Gaussian approximation: `v -> v + sqrt(max(v, 0) * perPhoton + variance) * z`, with
 * one normal `z` per value from `fillNormals16` on a xoshiro128** stream seeded by `seed`, visiting the
 * channels in the listed order, each channel starting on a fresh draw.
 */
export interface GaussianNoiseStep {
  /** Step kind. */
  readonly kind: "gaussian_noise";
  /** Channels, in the order the stream visits them. */
  readonly channels: readonly string[];
  /** Shot-noise variance per unit of intensity (1 / photons; 0 for read noise only). */
  readonly perPhoton: number;
  /** Read-noise variance. */
  readonly variance: number;
  /** Seed of the stream. */
  readonly seed: number;
}

/**
 * A per-value step in the form that {@link applyPointSteps} runs, alone or fused with its neighbours
 * into one pass over the pixels.
 */
export type PointStep = LinearStep | GaussianNoiseStep;

type FloatArray = Float32Array | Float64Array;

/**
 * One pass over `n` values: up to two linear stages, then, when `rng` is given, Gaussian noise with the
 * normals of `fillNormals16` on `rng` (advanced), drawn here: two values per generator step, one table
 * read each. On float32 output, each stage's result is rounded to float32 as a float32 stack would store
 * it between separate steps.
 */
function pass(
  src: PixelArray,
  from: number,
  dst: FloatArray,
  to: number,
  n: number,
  coefficients: Float64Array,
  rng: Xoshiro128 | undefined,
): void {
  const f32 = dst instanceof Float32Array;
  const s0 = coefficients[0];
  const o0 = coefficients[1];
  const s1 = coefficients[2];
  const o1 = coefficients[3];
  const perPhoton = coefficients[4];
  const variance = coefficients[5];
  // Two loops rather than a test per value: the test cost the noise loop 5-10%.
  if (rng === undefined) {
    for (let i = 0; i < n; i++) {
      let v = src[from + i] * s0 + o0;
      if (f32) v = Math.fround(v);
      dst[to + i] = v * s1 + o1;
    }
    return;
  }
  const table = normalTable16();
  let bits = 0;
  for (let i = 0; i < n; i++) {
    let v = src[from + i] * s0 + o0;
    if (f32) v = Math.fround(v);
    v = v * s1 + o1;
    if (f32) v = Math.fround(v);
    bits = (i & 1) === 0 ? rng.next() : bits >>> 16;
    dst[to + i] = v + Math.sqrt((v > 0 ? v * perPhoton : 0) + variance) * table[bits & 0xffff];
  }
}

/**
 * Run per-value steps over a stack, fused: one pass per channel for each run of linear steps ending in a
 * noise step, with exactly the values that applying the steps one by one gives. Float32 values are rounded
 * to float32 between fused steps, as a float32 stack stores them between separate steps; integer data is
 * rounded and clamped to its dtype after every step (one step at a time). Float32 stacks run in the
 * WebAssembly kernels where they are available (see {@link KernelChoice}), with identical results.
 *
 * @param stack - input stack
 * @param steps - the steps, in order
 * @param reuse - the stack's pixels belong to the caller alone and may be overwritten (float data only)
 * @param kernels - `"js"` to skip the WebAssembly kernels; default `"auto"`
 * @returns the result: the input stack itself when written in place, otherwise a new stack
 * @throws {@link CtcError} `MISSING_CHANNEL` when a step names a channel the stack lacks
 */
export function applyPointSteps<A extends PixelArray>(
  stack: ChannelStack<A>,
  steps: readonly PointStep[],
  reuse: boolean,
  kernels: KernelChoice = "auto",
): ChannelStack<A> {
  return applyPointStepsToView(viewOf(stack), steps, reuse, kernels);
}

/**
 * {@link applyPointSteps} on a view, e.g. a flipped or turned stack that a pipeline has not copied: the
 * WebAssembly kernels read through it, the JavaScript ones copy it first.
 *
 * @param view - input view
 * @param steps - the steps, in order
 * @param reuse - the view's source pixels belong to the caller alone and may be overwritten
 * @param kernels - `"js"` to skip the WebAssembly kernels
 * @param into - where to write the result (the source's pixel type, exactly the view's size; it may be
 * the source's own pixels); by default the source's pixels when `reuse` allows, else a new array
 * @returns the result as a stack (the view's source itself when written in place)
 * @throws {@link CtcError} `MISSING_CHANNEL` when a step names a channel the stack lacks
 */
export function applyPointStepsToView<A extends PixelArray>(
  view: StackView<A>,
  steps: readonly PointStep[],
  reuse: boolean,
  kernels: KernelChoice,
  into?: A,
): ChannelStack<A> {
  const { source } = view;
  const integer = isIntegerDType(dtypeOf(source.data));
  // A noise step listing a channel twice (possible only in a hand-made record) reads its input again for
  // the second visit, so it must not see its own output: it runs alone, into new pixels.
  const distinct = steps.every((s) => s.kind === "linear" || new Set(s.channels).size === s.channels.length);
  if (distinct && kernels === "auto" && source.data instanceof Float32Array) {
    const groups = planPointSteps({ ...view, channels: source.channels }, steps);
    const target = into ?? (reuse && isIdentity(view) ? source.data : undefined);
    const out = pointStepsWasm(view as StackView<Float32Array>, groups, target as Float32Array | undefined);
    if (out) {
      return out === source.data
        ? source
        : createStack(out as A, { ...source, height: view.height, width: view.width });
    }
  }
  const stack = materialize(view);
  // One step at a time, into new pixels, then copied where asked: integer data (rounded after every step)
  // and repeated noise channels, which must not be written where they are still to be read.
  if ((integer || !distinct) && (steps.length > 1 || (!distinct && into === stack.data))) {
    const result = steps.reduce((s, step) => applyPointSteps(s, [step], false, "js"), stack);
    if (into === undefined) return result;
    into.set(result.data);
    return createStack(into, result);
  }
  const { data } = stack;
  const plane = stack.height * stack.width;
  const inPlace = (reuse || stack !== source) && distinct && !integer;
  const out = (into ?? (inPlace ? data : allocPixels(dtypeOf(data), data.length))) as A;
  const scratch = integer ? new Float64Array(plane) : undefined;
  let input: PixelArray = data;
  for (const group of planPointSteps(stack, steps)) {
    const rng = group.noise && new Xoshiro128(group.noise.seed);
    for (const { start, passes } of group.channels) {
      const dst = scratch ?? (out as FloatArray);
      const to = scratch ? 0 : start;
      passes.forEach(({ coefficients, noisy }, i) => {
        pass(
          i === 0 ? input : dst,
          i === 0 ? start : to,
          dst,
          to,
          plane,
          coefficients,
          noisy ? rng : undefined,
        );
      });
      if (scratch) storeRounded(scratch, out, start);
    }
    if (input !== out) {
      // Channels no step touched keep their values.
      for (let start = 0; start < data.length; start += plane) {
        if (!group.channels.some((channel) => channel.start === start)) {
          out.set(input.subarray(start, start + plane), start);
        }
      }
    }
    input = out;
  }
  return out === data ? stack : createStack(out, stack);
}
