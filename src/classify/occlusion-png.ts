import { CtcError } from "../core/errors";
import { type ChannelStack, channelPixels } from "../core/stack";
import { type CompositeOptions, compositeRgb } from "../io/composite";
import { writeRgbPng } from "../io/png";
import type { OcclusionMap } from "./occlusion";

/** Options for {@link occlusionOverlayPng}. */
export interface OcclusionOverlayOptions extends CompositeOptions {
  /** Heat-map channel to draw: a model channel's name, or `"all"` (the default). */
  readonly channel?: string;
  /** Opacity of the heat where it is strongest, in [0, 1]; default 0.6. */
  readonly opacity?: number;
  /**
   * Probability drop drawn at full strength; default the map's largest drop, so the strongest region
   * always shows. Fix it to compare overlays of several cells.
   */
  readonly scale?: number;
}

/**
 * A PNG of the cell's false-colour composite with its occlusion map blended on top, for a reviewer to
 * see which region drove a call: pixels whose occlusion lowered the target probability glow from red
 * (weak) to yellow (strongest), with an opacity that grows with the drop. Regions whose occlusion
 * raised the probability are left uncoloured, since they argue against the call.
 *
 * @param cell - the cell the map was computed on
 * @param map - its occlusion map, from {@link occlusion}
 * @param options - heat-map channel, opacity, scale, and the composite's colours and display ranges
 * @returns PNG bytes (8-bit RGB)
 * @throws {@link CtcError} `SHAPE_MISMATCH` when the map and the cell differ in size, `MISSING_CHANNEL`
 * for an unknown heat-map channel (or a cell without display colours), `INVALID_ARGUMENT` for a bad
 * opacity or scale
 */
export function occlusionOverlayPng(
  cell: ChannelStack,
  map: OcclusionMap,
  options: OcclusionOverlayOptions = {},
): Uint8Array {
  const { heatmap } = map;
  if (heatmap.height !== cell.height || heatmap.width !== cell.width) {
    throw new CtcError("SHAPE_MISMATCH", "the occlusion map was computed on another image size", {
      field: "map",
      expected: `${cell.height} x ${cell.width}`,
      actual: `${heatmap.height} x ${heatmap.width}`,
    });
  }
  const name = options.channel ?? "all";
  const index = heatmap.channels.indexOf(name);
  if (index < 0) {
    throw new CtcError("MISSING_CHANNEL", "the occlusion map has no such channel", {
      field: "channel",
      channel: name,
      expected: heatmap.channels,
    });
  }
  const opacity = options.opacity ?? 0.6;
  if (!(opacity >= 0 && opacity <= 1)) {
    throw new CtcError("INVALID_ARGUMENT", "opacity must be in [0, 1]", {
      field: "opacity",
      actual: opacity,
    });
  }
  const heat = channelPixels(heatmap, index);
  let scale = options.scale;
  if (scale === undefined) {
    scale = 0;
    for (let i = 0; i < heat.length; i++) scale = Math.max(scale, heat[i]);
  } else if (!(scale > 0 && Number.isFinite(scale))) {
    throw new CtcError("INVALID_ARGUMENT", "scale must be a positive number", {
      field: "scale",
      actual: scale,
    });
  }
  const image = compositeRgb(cell, options);
  const { data } = image;
  if (scale > 0) {
    for (let i = 0; i < heat.length; i++) {
      const t = Math.min(1, Math.max(0, heat[i] / scale));
      const alpha = opacity * t;
      const colour = [255, 255 * t, 0];
      for (let k = 0; k < 3; k++)
        data[i * 3 + k] = Math.round((1 - alpha) * data[i * 3 + k] + alpha * colour[k]);
    }
  }
  return writeRgbPng(image);
}
