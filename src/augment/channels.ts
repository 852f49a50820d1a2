import { channelIndex } from "../core/channels";
import { allocPixels, dtypeOf, dtypeRange, isIntegerDType, type PixelArray } from "../core/dtype";
import { type ChannelStack, channelPixels, createStack } from "../core/stack";
import { logUniform, uniformRange } from "../random/distributions";
import type { Rng } from "../random/rng";
import type { StackShape } from "./op";

/**
 * A per-value function for one channel's plane: reads `src[start .. start + out.length)` and writes the
 * new values, unrounded, into `out`: the output plane itself for float stacks (no extra pass), a float64
 * scratch plane for integer stacks, which {@link mapChannels} then rounds and clamps to the dtype.
 */
export type PlaneKernel = (src: PixelArray, start: number, out: Float32Array | Float64Array) => void;

/**
 * Write computed values into integer pixel data, rounded half away from zero and clamped to the dtype's
 * range, so intensity ops never wrap around.
 *
 * @param values - computed values
 * @param dst - output pixels of an integer dtype
 * @param start - offset of the first value in `dst`
 */
export function storeRounded(values: Float64Array, dst: PixelArray, start: number): void {
  const [lo, hi] = dtypeRange(dtypeOf(dst));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const r = v < 0 ? -Math.round(-v) : Math.round(v);
    dst[start + i] = Math.min(Math.max(r, lo), hi);
  }
}

/**
 * Copy a stack and run a kernel over the planes of the named channels; other channels are copied as is.
 *
 * @param stack - input stack (not mutated)
 * @param names - channels to change
 * @param kernel - builds the kernel of a channel from its name
 * @returns the new stack
 * @throws {@link CtcError} `MISSING_CHANNEL` when a name is absent
 */
export function mapChannels<A extends PixelArray>(
  stack: ChannelStack<A>,
  names: readonly string[],
  kernel: (name: string) => PlaneKernel,
): ChannelStack<A> {
  const plane = stack.height * stack.width;
  const indices = new Set(names.map((name) => channelIndex(stack, name)));
  // Copy only the channels the kernels leave alone; the others are overwritten anyway.
  const out = allocPixels(dtypeOf(stack.data), stack.data.length) as A;
  for (let c = 0; c < stack.channels.length; c++) {
    if (!indices.has(c)) out.set(channelPixels(stack, c), c * plane);
  }
  const integer = isIntegerDType(dtypeOf(out));
  const scratch = integer ? new Float64Array(plane) : undefined;
  for (const name of names) {
    const start = channelIndex(stack, name) * plane;
    if (scratch) {
      kernel(name)(stack.data, start, scratch);
      storeRounded(scratch, out, start);
    } else {
      kernel(name)(stack.data, start, out.subarray(start, start + plane) as Float32Array | Float64Array);
    }
  }
  return createStack(out, stack);
}

/**
 * Run a kernel over the planes of the named channels of a float stack, in place: each kernel reads a
 * value before writing it, so reading and writing the same plane gives what {@link mapChannels} would.
 * A name listed twice (possible only in a hand-made record) would see its own output the second time,
 * where {@link mapChannels} reads the input again, so then nothing is done and the caller must copy.
 *
 * @param stack - float stack (mutated)
 * @param names - channels to change, in the order their kernels run
 * @param kernel - builds the kernel of a channel from its name
 * @returns false, with the stack untouched, when `names` repeats a name; true otherwise
 * @throws {@link CtcError} `MISSING_CHANNEL` when a name is absent
 */
export function mapChannelsInPlace(
  stack: ChannelStack<Float32Array | Float64Array>,
  names: readonly string[],
  kernel: (name: string) => PlaneKernel,
): boolean {
  if (new Set(names).size !== names.length) return false;
  const plane = stack.height * stack.width;
  for (const name of names) {
    const start = channelIndex(stack, name) * plane;
    kernel(name)(stack.data, start, stack.data.subarray(start, start + plane));
  }
  return true;
}

/** Configuration of an op that draws one number per channel. */
export interface ChannelValueConfig {
  /** Range of the draw. */
  readonly range: readonly [number, number];
  /** Channels to change; undefined means all. */
  readonly channels?: readonly string[];
  /** Whether each channel gets its own draw (true) or all share one. */
  readonly perChannel: boolean;
}

/**
 * Draw one value per channel (or one shared value), keyed by channel name.
 *
 * @param rng - generator (advanced)
 * @param shape - stack shape (for the channel names)
 * @param config - range, channels, sharing
 * @param logScale - draw log-uniformly (for factors) rather than uniformly
 * @returns channel name to value
 */
export function drawPerChannel(
  rng: Rng,
  shape: StackShape,
  config: ChannelValueConfig,
  logScale: boolean,
): Record<string, number> {
  const draw = () =>
    logScale
      ? logUniform(rng, config.range[0], config.range[1])
      : uniformRange(rng, config.range[0], config.range[1]);
  const names = config.channels ?? shape.channels;
  const shared = config.perChannel ? 0 : draw();
  const values: Record<string, number> = {};
  for (const name of names) values[name] = config.perChannel ? draw() : shared;
  return values;
}
