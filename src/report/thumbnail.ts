import type { ChannelStack } from "../core/stack";
import { type Colour, compositeRgb } from "../io/composite";
import { percentiles } from "../preprocess/percentile";
import { resize } from "../preprocess/resize";
import type { CellThumbnail } from "./types";

/** Options for {@link makeThumbnail}. */
export interface ThumbnailOptions {
  /** Edge length in pixels; default 40. */
  readonly size?: number;
  /** Display colours by channel name (merged over the composite's defaults). */
  readonly colours?: Readonly<Record<string, Colour>>;
  /** Display range percentiles per channel; default `[0.5, 99.5]`. */
  readonly range?: readonly [number, number];
}

/**
 * Shrink a cell to a square thumbnail (area averaging, so small structures are not aliased away) and
 * render its false-colour composite and gray per-channel planes, both on the same per-channel display
 * range so the planes explain the composite.
 *
 * @param stack - the cell, any dtype and size
 * @param options - size, colours, display range percentiles
 * @returns the thumbnail
 */
export function makeThumbnail(stack: ChannelStack, options: ThumbnailOptions = {}): CellThumbnail {
  const size = options.size ?? 40;
  const [qLow, qHigh] = options.range ?? [0.5, 99.5];
  const small = resize(stack, {
    height: size,
    width: size,
    mode: stack.height >= size ? "area" : "bilinear",
  });
  const plane = size * size;
  const planes = new Uint8Array(small.channels.length * plane);
  const ranges: Record<string, readonly [number, number]> = {};
  small.channels.forEach((name, c) => {
    const pixels = small.data.subarray(c * plane, (c + 1) * plane);
    const [low, high] = plane > 0 ? percentiles(pixels, [qLow, qHigh]) : [0, 0];
    ranges[name] = [low, high];
    const scale = high > low ? 255 / (high - low) : 0;
    for (let i = 0; i < plane; i++) {
      planes[c * plane + i] = Math.min(255, Math.max(0, Math.round((pixels[i] - low) * scale)));
    }
  });
  const rgb = compositeRgb(small, { colours: options.colours, ranges }).data;
  return { size, rgb, channels: small.channels, planes };
}
