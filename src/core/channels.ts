import { allocPixels, dtypeOf, type PixelArray } from "./dtype";
import { CtcError } from "./errors";
import { type ChannelStack, channelPixels, createStack } from "./stack";

/**
 * The index of a channel, by name.
 *
 * @param stack - a channel stack
 * @param name - channel name
 * @returns its index in `stack.channels`
 * @throws {@link CtcError} `MISSING_CHANNEL` naming the channel and listing those present
 */
export function channelIndex(stack: Pick<ChannelStack, "channels">, name: string): number {
  const index = stack.channels.indexOf(name);
  if (index < 0) {
    throw new CtcError("MISSING_CHANNEL", `channel "${name}" is missing`, {
      channel: name,
      field: "channels",
      expected: name,
      actual: stack.channels,
    });
  }
  return index;
}

/**
 * A view (no copy) of one channel's H x W pixels, by name.
 *
 * @param stack - a channel stack
 * @param name - channel name
 * @returns the channel's pixels
 * @throws {@link CtcError} `MISSING_CHANNEL` when absent
 */
export function getChannel<A extends PixelArray>(stack: ChannelStack<A>, name: string): A {
  return channelPixels(stack, channelIndex(stack, name));
}

/**
 * A new stack holding the named channels in the given order (a copy; channels may repeat nowhere).
 *
 * @param stack - a channel stack
 * @param names - channel names to keep, in the wanted order
 * @returns the selected, reordered stack with the same dtype
 * @throws {@link CtcError} `MISSING_CHANNEL` when a name is absent
 */
export function selectChannels<A extends PixelArray>(
  stack: ChannelStack<A>,
  names: readonly string[],
): ChannelStack<A> {
  const plane = stack.height * stack.width;
  const indices = names.map((name) => channelIndex(stack, name));
  const out = allocPixels(dtypeOf(stack.data), names.length * plane) as A;
  indices.forEach((source, target) => {
    out.set(channelPixels(stack, source), target * plane);
  });
  return createStack(out, {
    channels: names,
    height: stack.height,
    width: stack.width,
    pixelSizeUm: stack.pixelSizeUm,
  });
}

/**
 * A stack with some channels renamed; the pixels are shared, not copied.
 *
 * @param stack - a channel stack
 * @param mapping - old name to new name; names not listed keep their name
 * @returns the renamed stack
 * @throws {@link CtcError} `MISSING_CHANNEL` when a key is absent, `INVALID_ARGUMENT` when names collide
 */
export function renameChannels<A extends PixelArray>(
  stack: ChannelStack<A>,
  mapping: Readonly<Record<string, string>>,
): ChannelStack<A> {
  for (const from of Object.keys(mapping)) channelIndex(stack, from);
  const channels = stack.channels.map((name) => (Object.hasOwn(mapping, name) ? mapping[name] : name));
  return createStack(stack.data, { ...stack, channels });
}
