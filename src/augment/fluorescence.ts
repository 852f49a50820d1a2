import { channelIndex } from "../core/channels";
import { dtypeOf, dtypeRange, isIntegerDType, type PixelArray } from "../core/dtype";
import { type ChannelStack, channelPixels, createStack } from "../core/stack";
import { randomInt, uniform, uniformRange } from "../random/distributions";
import { mapChannels } from "./channels";
import type { AugmentOp, StackShape } from "./op";
import { warpAffine } from "./sampler";

function requireChannel(shape: StackShape, name: string): void {
  channelIndex(shape, name);
}

/** Parameters of the `bleed_through` op. */
export interface BleedThroughParams {
  /** Channel whose signal leaks. */
  readonly from: string;
  /** Channel receiving it. */
  readonly to: string;
  /** Fraction of `from` added to `to`. */
  readonly fraction: number;
}

/**
 * `{"op": "bleed_through", "from": "CK", "to": "CD45", "fraction": [0, 0.05]}`: spectral crosstalk,
 * `to += fraction * from` with the fraction uniform in the range. Integer data is rounded and clamped.
 */
export const bleedThroughOp: AugmentOp<
  { from: string; to: string; fraction: [number, number] },
  BleedThroughParams
> = {
  kind: "photometric",
  parse: (reader) => {
    const from = reader.channel("from");
    const to = reader.channel("to");
    if (from === to) reader.fail("to", "must differ from `from`", `a channel other than "${from}"`);
    return { from, to, fraction: reader.range("fraction", [0, 0.05], { min: 0, max: 1 }) };
  },
  sample: (rng, shape, config) => {
    requireChannel(shape, config.from);
    requireChannel(shape, config.to);
    return {
      from: config.from,
      to: config.to,
      fraction: uniformRange(rng, config.fraction[0], config.fraction[1]),
    };
  },
  apply: (stack, params, options = {}) => {
    if (options.mask) return stack;
    const leak = channelIndex(stack, params.from) * stack.height * stack.width;
    return mapChannels(stack, [params.to], () => (src, start, out) => {
      for (let i = 0; i < out.length; i++) out[i] = src[start + i] + params.fraction * src[leak + i];
    });
  },
};

/** One hot pixel. */
export interface HotPixel {
  /** Channel name. */
  readonly channel: string;
  /** Row. */
  readonly y: number;
  /** Column. */
  readonly x: number;
}

/** Parameters of the `hot_pixels` op. */
export interface HotPixelsParams {
  /** The hot pixels. */
  readonly pixels: readonly HotPixel[];
  /** Their value; `"max"` is the dtype's maximum for integer data and the channel's maximum for float. */
  readonly value: number | "max";
}

function hotValue(data: PixelArray, plane: PixelArray, value: number | "max"): number {
  if (value !== "max") return value;
  const dtype = dtypeOf(data);
  if (isIntegerDType(dtype)) return dtypeRange(dtype)[1];
  let top = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < plane.length; i++) if (plane[i] > top) top = plane[i];
  return top;
}

/**
 * `{"op": "hot_pixels", "count": [0, 3], "value": "max", "channels": [...]}`: a count uniform in `count`
 * (integers) of single saturated pixels, each at a uniform position in a uniformly chosen listed channel.
 */
export const hotPixelsOp: AugmentOp<
  { count: [number, number]; value: number | "max"; channels?: string[] },
  HotPixelsParams
> = {
  kind: "photometric",
  parse: (reader) => {
    const raw = reader.step.value;
    const value =
      raw === "max" || raw === undefined ? reader.choice("value", ["max"], "max") : reader.number("value", 0);
    return {
      count: reader.range("count", [0, 3], { min: 0, max: 10000, integer: true }),
      value,
      channels: reader.channels("channels"),
    };
  },
  sample: (rng, shape, config) => {
    const names = config.channels ?? shape.channels;
    const n = randomInt(rng, config.count[0], config.count[1]);
    const pixels = Array.from({ length: n }, () => ({
      channel: names[randomInt(rng, 0, names.length - 1)],
      y: randomInt(rng, 0, shape.height - 1),
      x: randomInt(rng, 0, shape.width - 1),
    }));
    return { pixels, value: config.value };
  },
  apply: (stack, params, options = {}) => {
    if (options.mask) return stack;
    const out = stack.data.slice();
    const result = createStack(out, stack);
    const plane = stack.height * stack.width;
    for (const { channel, y, x } of params.pixels) {
      const c = channelIndex(stack, channel);
      out[c * plane + y * stack.width + x] = hotValue(out, channelPixels(stack, c), params.value);
    }
    return result;
  },
};

/** Parameters of the `channel_dropout` op. */
export interface ChannelDropoutParams {
  /** Channels set to `value`. */
  readonly dropped: readonly string[];
  /** Value written into dropped channels. */
  readonly value: number;
}

/**
 * `{"op": "channel_dropout", "p": 0.1, "value": 0, "channels": [...]}`: each listed channel is dropped
 * (set to `value`) independently with probability `p`; if that would drop every channel of the stack,
 * one uniformly chosen listed channel is kept, so an image never goes blank.
 */
export const channelDropoutOp: AugmentOp<
  { p: number; value: number; channels?: string[] },
  ChannelDropoutParams
> = {
  kind: "photometric",
  parse: (reader) => ({
    p: reader.number("p", 0.1, { min: 0, max: 1 }),
    value: reader.number("value", 0),
    channels: reader.channels("channels"),
  }),
  sample: (rng, shape, config) => {
    const names = config.channels ?? shape.channels;
    let dropped = names.filter(() => uniform(rng) < config.p);
    if (dropped.length === shape.channels.length) {
      const keep = names[randomInt(rng, 0, names.length - 1)];
      dropped = dropped.filter((name) => name !== keep);
    }
    return { dropped, value: config.value };
  },
  apply: (stack, params, options = {}) =>
    options.mask
      ? stack
      : mapChannels(stack, params.dropped, () => (_src, _start, out) => {
          out.fill(params.value);
        }),
};

/** Parameters of the `misregistration` op. */
export interface MisregistrationParams {
  /** The channel that moves. */
  readonly channel: string;
  /** Shift `[dx, dy]` in pixels. */
  readonly shift: readonly [number, number];
}

/**
 * Shift one channel by a sub-pixel amount (bilinear, `edge` fill), leaving the others in place.
 *
 * @param stack - input stack (integer results are rounded and clamped)
 * @param params - channel and shift
 * @returns the new stack
 */
export function misregister<A extends PixelArray>(
  stack: ChannelStack<A>,
  params: MisregistrationParams,
): ChannelStack<A> {
  const c = channelIndex(stack, params.channel);
  const single = createStack(channelPixels(stack, c), {
    channels: [params.channel],
    height: stack.height,
    width: stack.width,
  });
  const [dx, dy] = params.shift;
  const moved = warpAffine(single, [1, 0, -dx, 0, 1, -dy], stack, {
    interpolation: "bilinear",
    fill: "edge",
  });
  const out = stack.data.slice() as A;
  out.set(moved.data, c * stack.height * stack.width);
  return createStack(out, stack);
}

/**
 * `{"op": "misregistration", "max_shift": 0.5, "channels": [...]}`: one uniformly chosen listed channel
 * moves by a shift uniform in `±max_shift` pixels along each axis (chromatic or stage misregistration).
 */
export const misregistrationOp: AugmentOp<{ maxShift: number; channels?: string[] }, MisregistrationParams> =
  {
    kind: "photometric",
    parse: (reader) => ({
      maxShift: reader.number("max_shift", 0.5, { min: 0, max: 10 }),
      channels: reader.channels("channels"),
    }),
    sample: (rng, shape, config) => {
      const names = config.channels ?? shape.channels;
      for (const name of names) requireChannel(shape, name);
      const channel = names[randomInt(rng, 0, names.length - 1)];
      const dx = uniformRange(rng, -config.maxShift, config.maxShift);
      const dy = uniformRange(rng, -config.maxShift, config.maxShift);
      return { channel, shift: [dx, dy] };
    },
    apply: (stack, params, options = {}) => (options.mask ? stack : misregister(stack, params)),
  };
