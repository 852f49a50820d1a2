import { CtcError } from "../core/errors";
import type { ChannelStack } from "../core/stack";
import { percentiles } from "../preprocess/percentile";
import type { RgbImage } from "./png";

/** An 8-bit colour `[red, green, blue]`. */
export type Colour = readonly [number, number, number];

/**
 * Default colour per channel name (matched case-insensitively): DAPI blue, CK green, CD45 red, bright
 * field gray (half white, so it does not drown the fluorescence).
 */
export const DEFAULT_CHANNEL_COLOURS: Readonly<Record<string, Colour>> = Object.freeze({
  dapi: [0, 0, 255],
  hoechst: [0, 0, 255],
  ck: [0, 255, 0],
  cd45: [255, 0, 0],
  bf: [128, 128, 128],
  brightfield: [128, 128, 128],
  "bright field": [128, 128, 128],
});

/** Options for {@link compositeRgb}. */
export interface CompositeOptions {
  /** Colours by channel name; merged over {@link DEFAULT_CHANNEL_COLOURS}. Channels without one are left out. */
  readonly colours?: Readonly<Record<string, Colour>>;
  /**
   * Display range `[low, high]` by channel name, mapped to black and full colour. Fix it to compare
   * images; default: each channel's 0.5th to 99.5th percentile (NumPy's linear percentiles, as in
   * preprocessing, so a gallery's display range equals `np.percentile(channel, [0.5, 99.5])`).
   */
  readonly ranges?: Readonly<Record<string, readonly [number, number]>>;
}

/** The default display range: clips the few hot and dead pixels that would otherwise set the scale. */
const DISPLAY_PERCENTILES = [0.5, 99.5];

/**
 * Blend a stack's channels into an 8-bit RGB false-colour image for people to look at (galleries,
 * reports): each channel is scaled to its display range, tinted with its colour, and the tints are added
 * and clipped.
 *
 * @param stack - a channel stack
 * @param options - colours and display ranges by channel name
 * @returns interleaved RGB pixels (encode with {@link writeRgbPng})
 * @throws {@link CtcError} `MISSING_CHANNEL` when no channel has a colour
 * @example
 * ```ts
 * const png = writeRgbPng(compositeRgb(cell, { colours: { EpCAM: [0, 255, 0] } }));
 * ```
 */
export function compositeRgb(stack: ChannelStack, options: CompositeOptions = {}): RgbImage {
  const colours = new Map<string, Colour>();
  for (const [name, colour] of Object.entries(DEFAULT_CHANNEL_COLOURS))
    colours.set(name.toLowerCase(), colour);
  for (const [name, colour] of Object.entries(options.colours ?? {})) colours.set(name.toLowerCase(), colour);
  const plane = stack.width * stack.height;
  const sum = new Float32Array(plane * 3);
  let used = 0;
  stack.channels.forEach((name, c) => {
    const colour = colours.get(name.toLowerCase());
    if (colour === undefined) return;
    used++;
    const pixels = stack.data.subarray(c * plane, (c + 1) * plane);
    const [low, high] = options.ranges?.[name] ?? percentiles(pixels, DISPLAY_PERCENTILES);
    const scale = high > low ? 1 / (high - low) : 0;
    for (let i = 0; i < plane; i++) {
      const v = Math.min(1, Math.max(0, (pixels[i] - low) * scale));
      sum[i * 3] += v * colour[0];
      sum[i * 3 + 1] += v * colour[1];
      sum[i * 3 + 2] += v * colour[2];
    }
  });
  if (used === 0) {
    throw new CtcError("MISSING_CHANNEL", "no channel has a display colour", {
      field: "colours",
      expected: Object.keys(DEFAULT_CHANNEL_COLOURS),
      actual: stack.channels,
    });
  }
  const data = new Uint8Array(plane * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, Math.round(sum[i]));
  return { data, width: stack.width, height: stack.height };
}
