import { CtcError } from "./errors";
import type { ChannelStack } from "./stack";

/**
 * Check that a float stack holds no NaN or infinity. Integer stacks pass without a scan.
 *
 * @param stack - a channel stack
 * @param context - where the stack came from (file name, cell index) for the error message
 * @throws {@link CtcError} `NON_FINITE` naming the channel and the first bad pixel
 */
export function assertFinite(stack: ChannelStack, context: { file?: string; cell?: number } = {}): void {
  const { data } = stack;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) return;
  const plane = stack.height * stack.width;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const c = Math.floor(i / plane);
      const p = i - c * plane;
      throw new CtcError(
        "NON_FINITE",
        `pixel (y=${Math.floor(p / stack.width)}, x=${p % stack.width}) is ${data[i]}`,
        {
          ...context,
          channel: stack.channels[c],
          expected: "finite values",
          actual: data[i],
        },
      );
    }
  }
}
