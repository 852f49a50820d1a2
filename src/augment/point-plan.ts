import { channelIndex } from "../core/channels";
import type { ChannelStack } from "../core/stack";
import type { GaussianNoiseStep, LinearStep, PointStep } from "./pointwise";

/**
 * One pass over a channel's values: `v -> v * s0 + o0`, then `v -> v * s1 + o1`, then, when `noisy`, the
 * group's noise. `coefficients` is `[s0, o0, s1, o1, perPhoton, variance]`: a typed array because V8 keeps
 * numbers read from one as raw doubles, where numbers from an object or an argument stay tagged and are
 * unboxed again on every iteration of a hot loop.
 */
export interface PlannedPass {
  /** `[s0, o0, s1, o1, perPhoton, variance]`. */
  readonly coefficients: Float64Array;
  /** Whether the pass adds the group's noise. */
  readonly noisy: boolean;
}

/** What a group does to one channel: its passes, the first reading the group's input, later ones its output. */
export interface ChannelPlan {
  /** Index of the channel's first value. */
  readonly start: number;
  /** The passes, in order (at least one). */
  readonly passes: readonly PlannedPass[];
}

/**
 * A run of linear steps and at most one noise step, ending with it, that one pass per channel (two linear
 * stages per pass) can do. Channels are in the order the noise stream visits them, the noisy ones first.
 */
export interface PointGroup {
  /** The channels the group touches; the others keep their values. */
  readonly channels: readonly ChannelPlan[];
  /** The group's noise step, whose generator runs through the noisy channels in order. */
  readonly noise?: GaussianNoiseStep;
}

/** `[scale, offset]` that changes no value: `v * 1` is `v`, and adding -0 keeps even the sign of a zero. */
const IDENTITY: readonly [number, number] = [1, -0];

function channelPlan(
  start: number,
  stages: readonly (readonly [number, number])[],
  noise: GaussianNoiseStep | undefined,
): ChannelPlan {
  const passes: PlannedPass[] = [];
  for (let i = 0; i === 0 || i < stages.length; i += 2) {
    const noisy = noise !== undefined && i + 2 >= stages.length;
    const [s0, o0] = stages[i] ?? IDENTITY;
    const [s1, o1] = stages[i + 1] ?? IDENTITY;
    const coefficients = new Float64Array(6);
    coefficients[0] = s0;
    coefficients[1] = o0;
    coefficients[2] = s1;
    coefficients[3] = o1;
    coefficients[4] = noisy ? noise.perPhoton : 0;
    coefficients[5] = noisy ? noise.variance : 0;
    passes.push({ coefficients, noisy });
  }
  return { start, passes };
}

/**
 * Group per-value steps for fused execution: each run of linear steps up to and including a noise step is
 * one group, and trailing linear steps another.
 *
 * @param stack - channel names and size of the stack the steps run on
 * @param steps - the steps, in order
 * @returns the groups, in order
 * @throws {@link CtcError} `MISSING_CHANNEL` when a step names a channel the stack lacks
 */
export function planPointSteps(
  stack: Pick<ChannelStack, "channels" | "height" | "width">,
  steps: readonly PointStep[],
): PointGroup[] {
  const plane = stack.height * stack.width;
  const groups: PointGroup[] = [];
  let linear: LinearStep[] = [];
  const close = (noise: GaussianNoiseStep | undefined) => {
    const names = noise ? noise.channels.slice() : [];
    for (const step of linear) {
      for (const name of Object.keys(step.channels)) if (!names.includes(name)) names.push(name);
    }
    const noisyCount = noise ? noise.channels.length : 0;
    const channels: ChannelPlan[] = [];
    for (let visit = 0; visit < names.length; visit++) {
      const name = names[visit];
      const stages: (readonly [number, number])[] = [];
      for (const step of linear) if (Object.hasOwn(step.channels, name)) stages.push(step.channels[name]);
      channels.push(
        channelPlan(channelIndex(stack, name) * plane, stages, visit < noisyCount ? noise : undefined),
      );
    }
    groups.push(noise ? { channels, noise } : { channels });
    linear = [];
  };
  for (const step of steps) {
    if (step.kind === "linear") linear.push(step);
    else close(step);
  }
  if (linear.length > 0) close(undefined);
  return groups;
}
