import { dtypeOf, dtypeRange, isIntegerDType } from "../core/dtype";
import { exp, log } from "../random/detmath";
import {
  type ChannelValueConfig,
  drawPerChannel,
  mapChannels,
  mapChannelsInPlace,
  type PlaneKernel,
} from "./channels";
import type { AugmentOp } from "./op";
import { applyPointSteps, type LinearStep } from "./pointwise";

/** Parameters of an intensity op: `{ [key]: { channel: value } }`. */
type ChannelValues = Record<string, Record<string, number>>;

/**
 * What an intensity op does with a channel's drawn value: either a `[scale, offset]` pair, which makes it
 * a linear step that a pipeline fuses with its neighbouring per-value steps, or any per-value kernel.
 */
type ValueMap =
  | { readonly linear: (value: number) => readonly [number, number] }
  | { readonly kernel: (value: number) => PlaneKernel };

/**
 * An op that draws one number per channel and changes the channel's values with it.
 *
 * @param key - name of the parameter record (`offset`, `gain`, ...)
 * @param fallback - default range
 * @param bounds - allowed range ends
 * @param logScale - draw log-uniformly
 * @param map - what a value does to its channel
 * @returns the op
 */
function channelValueOp(
  key: string,
  fallback: readonly [number, number],
  bounds: { min?: number; exclusiveMin?: number; max?: number },
  logScale: boolean,
  map: ValueMap,
): AugmentOp<ChannelValueConfig, ChannelValues> {
  const draw = {
    kind: "photometric",
    parse: (reader) => ({
      range: reader.range("range", fallback, bounds),
      channels: reader.channels("channels"),
      perChannel: reader.flag("per_channel", true),
    }),
    sample: (rng, shape, config) => ({ [key]: drawPerChannel(rng, shape, config, logScale) }),
  } satisfies Omit<AugmentOp<ChannelValueConfig, ChannelValues>, "apply">;
  if ("linear" in map) {
    const pointStep = (params: ChannelValues): LinearStep => ({
      kind: "linear",
      channels: Object.fromEntries(
        Object.entries(params[key]).map(([name, value]) => [name, map.linear(value)]),
      ),
    });
    return {
      ...draw,
      apply: (stack, params, options = {}) =>
        options.mask ? stack : applyPointSteps(stack, [pointStep(params)], false),
      pointStep,
    };
  }
  const kernel = (params: ChannelValues) => (name: string) => map.kernel(params[key][name]);
  return {
    ...draw,
    apply: (stack, params, options = {}) =>
      options.mask ? stack : mapChannels(stack, Object.keys(params[key]), kernel(params)),
    applyInPlace: (stack, params) => mapChannelsInPlace(stack, Object.keys(params[key]), kernel(params)),
  };
}

const gammaKernel =
  (gamma: number): PlaneKernel =>
  (src, start, out) => {
    // Integer data is taken relative to the dtype's maximum so that gamma keeps 0 and full scale fixed;
    // float data is assumed normalised (about [0, 1]); negative values keep their sign.
    const dtype = dtypeOf(src);
    const top = isIntegerDType(dtype) ? dtypeRange(dtype)[1] : 1;
    for (let i = 0; i < out.length; i++) {
      const v = src[start + i] / top;
      const m = v === 0 ? 0 : exp(gamma * log(Math.abs(v)));
      out[i] = (v < 0 ? -m : m) * top;
    }
  };

/**
 * `{"op": "brightness", "range": [-0.1, 0.1], "channels": [...], "per_channel": true}`: adds an offset
 * uniform in `range` (data units) to each listed channel (default all), one draw per channel unless
 * `per_channel` is false. Float data is not clamped; integer data is rounded and clamped to its dtype.
 */
export const brightnessOp = channelValueOp("offset", [-0.1, 0.1], {}, false, {
  linear: (offset) => [1, offset],
});

/**
 * `{"op": "contrast", "range": [0.8, 1.25]}`: multiplies each listed channel by a gain drawn
 * log-uniformly in `range` (> 0). Float data is not clamped; integer data is rounded and clamped.
 */
export const contrastOp = channelValueOp("gain", [0.8, 1.25], { exclusiveMin: 0 }, true, {
  linear: (gain) => [gain, -0],
});

/**
 * `{"op": "gamma", "range": [0.8, 1.25]}`: `x -> top * (x / top)^gamma` per listed channel, gamma
 * log-uniform in `range`; `top` is the dtype's maximum for integer data (rounded, clamped) and 1 for float
 * data (assumed normalised; signs kept).
 */
export const gammaOp = channelValueOp("gamma", [0.8, 1.25], { exclusiveMin: 0, max: 10 }, true, {
  kernel: gammaKernel,
});
