import { type ChannelStack, channelPixels } from "../core/index";
import type { Candidate } from "./candidates";
import { distanceTransform } from "./distance";

/** Intensity features of one channel over a cell's measurement region, as ACCEPT reports them. */
export interface ChannelFeatures {
  /** Mean raw intensity. */
  readonly mean: number;
  /** Maximum raw intensity. */
  readonly max: number;
  /** Sum of raw intensities (integrated intensity). */
  readonly integrated: number;
  /** Pixels in the region. */
  readonly area: number;
}

/** Options for {@link measureCell}. */
export interface FeatureOptions {
  /** Growth of the nucleus mask in pixels to reach cytoplasm and membrane stains; default 0. */
  readonly marginPx?: number;
}

/**
 * Per-channel intensity features over a candidate's nucleus mask grown by a margin (a disc, by exact
 * distance), clipped to the image.
 *
 * @param stack - the field, or a region of it whose origin is `origin`
 * @param candidate - the candidate, in field coordinates
 * @param origin - `[x, y]` of the stack in the field; default `[0, 0]`
 * @param options - margin
 * @returns features keyed by channel name
 */
export function measureCell(
  stack: ChannelStack,
  candidate: Pick<Candidate, "bbox" | "mask">,
  origin: readonly [number, number] = [0, 0],
  options: FeatureOptions = {},
): Record<string, ChannelFeatures> {
  const margin = Math.max(0, Math.ceil(options.marginPx ?? 0));
  const [bx, by, bw, bh] = candidate.bbox;
  // Grow inside a window padded by the margin: distance to the mask <= margin.
  const ww = bw + 2 * margin;
  const wh = bh + 2 * margin;
  const outside = new Uint8Array(ww * wh).fill(1);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) if (candidate.mask[y * bw + x]) outside[(y + margin) * ww + x + margin] = 0;
  }
  const distance = distanceTransform({ data: outside, height: wh, width: ww });
  const pixels: number[] = [];
  for (let y = 0; y < wh; y++) {
    const sy = by - margin + y - origin[1];
    if (sy < 0 || sy >= stack.height) continue;
    for (let x = 0; x < ww; x++) {
      const sx = bx - margin + x - origin[0];
      if (sx < 0 || sx >= stack.width) continue;
      if (distance[y * ww + x] <= margin) pixels.push(sy * stack.width + sx);
    }
  }
  const out: Record<string, ChannelFeatures> = {};
  stack.channels.forEach((name, c) => {
    const plane = channelPixels(stack, c);
    let sum = 0;
    let max = Number.NEGATIVE_INFINITY;
    for (const i of pixels) {
      sum += plane[i];
      if (plane[i] > max) max = plane[i];
    }
    out[name] = {
      mean: pixels.length > 0 ? sum / pixels.length : 0,
      max: pixels.length > 0 ? max : 0,
      integrated: sum,
      area: pixels.length,
    };
  });
  return out;
}
