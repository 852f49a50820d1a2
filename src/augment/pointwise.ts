import { channelIndex } from "../core/channels";
import { allocPixels, dtypeOf, isIntegerDType, type PixelArray } from "../core/dtype";
import { type ChannelStack, createStack } from "../core/stack";
import { normalTable16 } from "../random/normal16";
import { Xoshiro128 } from "../random/xoshiro128";
import { storeRounded } from "./channels";

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

/** `[scale, offset]` that changes no value. */
const IDENTITY: readonly [number, number] = [1, -0];

/**
 * The numbers of one pass: `[scale0, offset0, scale1, offset1, perPhoton, variance]`. A typed array
 * because V8 keeps numbers read from it as raw doubles; numbers passed as arguments stay tagged (small
 * integers or boxed doubles) and were unboxed again on every iteration of the loops below.
 */
type PassCoefficients = Float64Array;

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
  coefficients: PassCoefficients,
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
 * One channel's passes: its linear stages two at a time, the last pass adding the noise when `rng` is
 * given. The first pass reads `src` from `from`; every pass writes `n` values of `dst` from `to`.
 */
function channelPasses(
  src: PixelArray,
  from: number,
  dst: FloatArray,
  to: number,
  n: number,
  stages: readonly (readonly [number, number])[],
  rng: Xoshiro128 | undefined,
  coefficients: PassCoefficients,
): void {
  for (let i = 0; i === 0 || i < stages.length; i += 2) {
    coefficients.set(stages[i] ?? IDENTITY, 0);
    coefficients.set(stages[i + 1] ?? IDENTITY, 2);
    const last = i + 2 >= stages.length;
    pass(i === 0 ? src : dst, i === 0 ? from : to, dst, to, n, coefficients, last ? rng : undefined);
  }
}

/** A run of steps that one pass per channel can do: linear steps, then at most one noise step. */
interface Group {
  readonly linear: readonly LinearStep[];
  readonly noise?: GaussianNoiseStep;
}

function groupsOf(steps: readonly PointStep[]): Group[] {
  const groups: Group[] = [];
  let linear: LinearStep[] = [];
  for (const step of steps) {
    if (step.kind === "linear") {
      linear.push(step);
    } else {
      groups.push({ linear, noise: step });
      linear = [];
    }
  }
  if (linear.length > 0) groups.push({ linear });
  return groups;
}

/** What a group does to one channel, in the order the noise stream visits the channels. */
interface ChannelJob {
  /** Index of the channel's first value. */
  readonly start: number;
  /** Its linear stages, in order. */
  readonly stages: readonly (readonly [number, number])[];
  /** Whether it gets the group's noise. */
  readonly noisy: boolean;
}

function jobsOf(stack: ChannelStack, group: Group): ChannelJob[] {
  const { linear, noise } = group;
  const plane = stack.height * stack.width;
  const names = [...(noise?.channels ?? [])];
  for (const step of linear) {
    for (const name of Object.keys(step.channels)) if (!names.includes(name)) names.push(name);
  }
  return names.map((name, visit) => ({
    start: channelIndex(stack, name) * plane,
    stages: linear.flatMap((step) => (Object.hasOwn(step.channels, name) ? [step.channels[name]] : [])),
    noisy: visit < (noise?.channels.length ?? 0),
  }));
}

/**
 * Run per-value steps over a stack, fused: one pass per channel for each run of linear steps ending in a
 * noise step, with exactly the values that applying the steps one by one gives. Float32 values are rounded
 * to float32 between fused steps, as a float32 stack stores them between separate steps; integer data is
 * rounded and clamped to its dtype after every step (one step at a time).
 *
 * @param stack - input stack
 * @param steps - the steps, in order
 * @param reuse - the stack's pixels belong to the caller alone and may be overwritten (float data only)
 * @returns the result: the input stack itself when written in place, otherwise a new stack
 * @throws {@link CtcError} `MISSING_CHANNEL` when a step names a channel the stack lacks
 */
export function applyPointSteps<A extends PixelArray>(
  stack: ChannelStack<A>,
  steps: readonly PointStep[],
  reuse: boolean,
): ChannelStack<A> {
  const { data } = stack;
  const dtype = dtypeOf(data);
  const integer = isIntegerDType(dtype);
  // A noise step listing a channel twice (possible only in a hand-made record) reads its input again for
  // the second visit, so it must not see its own output: it runs alone, into new pixels.
  const distinct = steps.every((s) => s.kind === "linear" || new Set(s.channels).size === s.channels.length);
  if ((integer || !distinct) && steps.length > 1) {
    return steps.reduce((s, step) => applyPointSteps(s, [step], false), stack);
  }
  const plane = stack.height * stack.width;
  const out = (reuse && distinct && !integer ? data : allocPixels(dtype, data.length)) as A;
  const scratch = integer ? new Float64Array(plane) : undefined;
  let input: PixelArray = data;
  for (const group of groupsOf(steps)) {
    const jobs = jobsOf(stack, group);
    const { noise } = group;
    const rng = noise && new Xoshiro128(noise.seed);
    const coefficients: PassCoefficients = Float64Array.of(
      1,
      -0,
      1,
      -0,
      noise?.perPhoton ?? 0,
      noise?.variance ?? 0,
    );
    for (const { start, stages, noisy } of jobs) {
      const dst = scratch ?? (out as FloatArray);
      channelPasses(
        input,
        start,
        dst,
        scratch ? 0 : start,
        plane,
        stages,
        noisy ? rng : undefined,
        coefficients,
      );
      if (scratch) storeRounded(scratch, out, start);
    }
    if (input !== out) {
      // Channels no step touched keep their values.
      for (let start = 0; start < data.length; start += plane) {
        if (!jobs.some((job) => job.start === start)) out.set(input.subarray(start, start + plane), start);
      }
    }
    input = out;
  }
  return out === data ? stack : createStack(out, stack);
}
