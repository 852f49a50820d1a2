import type { PixelArray } from "../core/dtype";
import type { ChannelStack } from "../core/stack";
import { exp } from "../random/detmath";
import { normal } from "../random/normal";
import { mapChannels } from "./channels";
import { upsampleGrid } from "./field";
import type { AugmentOp } from "./op";

/** Parameters of the `illumination` op. */
export interface IlluminationParams {
  /** Control points per side. */
  readonly grid: number;
  /** Per channel name, g x g log-gains (row-major) of its multiplicative field. */
  readonly log_gain: Readonly<Record<string, readonly number[]>>;
}

/**
 * Multiply each listed channel by `exp(F)`, F its log-gain grid upsampled by Catmull-Rom: a smooth field
 * like uneven excitation or vignetting. Float data is not clamped; integer data is rounded and clamped.
 *
 * @param stack - input stack
 * @param params - grids per channel
 * @returns the new stack
 */
export function applyIllumination<A extends PixelArray>(
  stack: ChannelStack<A>,
  params: IlluminationParams,
): ChannelStack<A> {
  return mapChannels(stack, Object.keys(params.log_gain), (name) => {
    const field = upsampleGrid(params.log_gain[name], params.grid, stack.height, stack.width);
    return (src, start, out) => {
      for (let i = 0; i < out.length; i++) out[i] = src[start + i] * exp(field[i]);
    };
  });
}

/**
 * `{"op": "illumination", "grid": 3, "strength": 0.2, "per_channel": true, "channels": [...]}`: control
 * log-gains are independent N(0, strength^2), so the gain at a control point is log-normal with median 1.
 * `per_channel: false` shares one field between the listed channels (one lamp).
 */
export const illuminationOp: AugmentOp<
  { grid: number; strength: number; perChannel: boolean; channels?: string[] },
  IlluminationParams
> = {
  kind: "photometric",
  parse: (reader) => ({
    grid: reader.number("grid", 3, { min: 2, max: 16, integer: true }),
    strength: reader.number("strength", 0.2, { min: 0, max: 5 }),
    perChannel: reader.flag("per_channel", true),
    channels: reader.channels("channels"),
  }),
  sample: (rng, shape, config) => {
    const draw = () => Array.from({ length: config.grid * config.grid }, () => config.strength * normal(rng));
    const shared = config.perChannel ? [] : draw();
    const log_gain: Record<string, number[]> = {};
    for (const name of config.channels ?? shape.channels)
      log_gain[name] = config.perChannel ? draw() : shared;
    return { grid: config.grid, log_gain };
  },
  apply: (stack, params, options = {}) => (options.mask ? stack : applyIllumination(stack, params)),
};
