import {
  type ChannelStack,
  CtcError,
  channelIndex,
  channelPixels,
  dtypeOf,
  isIntegerDType,
} from "../core/index";
import { type BackgroundMethod, subtractBackground } from "./background";
import { type Connectivity, type LabelImage, labelComponents } from "./components";
import type { Plane } from "./plane";
import { type Region, regionProps } from "./regions";
import {
  type Histogram,
  histogram,
  histogramQuantile,
  localThreshold,
  noiseSigma,
  otsuFromHistogram,
  thresholdMask,
} from "./threshold";
import { splitTouching } from "./watershed";

/** How the nucleus channel is thresholded. */
export type ThresholdSpec =
  /** Otsu's level over the whole field (tiles share one histogram). */
  | {
      /** Otsu's method. */
      readonly method: "otsu";
    }
  /** Above the local mean (window of `radiusUm`) by `k` noise sigmas (default 10 um, k = 3). */
  | {
      /** Local mean plus noise sigmas. */
      readonly method: "local";
      /** Radius of the local window, micrometres. */
      readonly radiusUm?: number;
      /** Noise sigmas above the local mean. */
      readonly k?: number;
    }
  /** Above the median by `k` noise sigmas over the whole field (default k = 5). */
  | {
      /** Median plus noise sigmas. */
      readonly method: "noise";
      /** Noise sigmas above the median. */
      readonly k?: number;
    }
  /** A fixed level, in background-subtracted intensity units. */
  | {
      /** A fixed level. */
      readonly method: "fixed";
      /** The level. */
      readonly level: number;
    };

/** Options for {@link detectCandidates} and {@link detectField}. */
export interface DetectOptions {
  /** Name of the nuclear stain channel; default `"DAPI"`. */
  readonly nucleusChannel?: string;
  /** Pixel size in micrometres when the stack does not carry one. */
  readonly pixelSizeUm?: number;
  /** Background estimate, or `"none"`; default `"tophat"`. */
  readonly background?: BackgroundMethod | "none";
  /** Background structuring-element half-width in micrometres; default 15 (wider than a nucleus). */
  readonly backgroundRadiusUm?: number;
  /** Threshold rule; default `{ method: "local" }`, which keeps dim nuclei that one Otsu level drops. */
  readonly threshold?: ThresholdSpec;
  /** Split touching nuclei by distance-transform watershed; default true. */
  readonly split?: boolean;
  /** Seeds closer than this merge, micrometres; default 3. */
  readonly minSeedDistanceUm?: number;
  /** Neck ratio for splitting, see `SplitOptions.neckRatio`; default 0.8. */
  readonly neckRatio?: number;
  /** Smallest equivalent diameter kept, micrometres; default 4 (debris is smaller). */
  readonly minDiameterUm?: number;
  /** Largest equivalent diameter kept, micrometres; default 30 (a doublet of large nuclei). */
  readonly maxDiameterUm?: number;
  /** Largest moment-ellipse eccentricity kept; default 0.95 (drops streaks and scratches). */
  readonly maxEccentricity?: number;
  /** Pixel adjacency of objects; default 8. */
  readonly connectivity?: Connectivity;
}

/** One candidate nucleus. Coordinates are pixels of the field (pixel centres at integers). */
export interface Candidate {
  /** Centroid column. */
  readonly x: number;
  /** Centroid row. */
  readonly y: number;
  /** Bounding box `[x, y, width, height]` of the nucleus mask. */
  readonly bbox: readonly [number, number, number, number];
  /** Nucleus mask inside `bbox`, row-major, 0/1. */
  readonly mask: Uint8Array;
  /** Area in pixels. */
  readonly areaPx: number;
  /** Area in square micrometres. */
  readonly areaUm2: number;
  /** Diameter of the disc with the same area, micrometres. */
  readonly diameterUm: number;
  /** Moment-ellipse eccentricity (0 for a disc). */
  readonly eccentricity: number;
  /** Whether the nucleus touches the field edge (it may be cut off). */
  readonly touchesBorder: boolean;
}

/**
 * Detection settings turned into pixels, plus the binning that lets tiles share one histogram.
 * Internal to the detection chain; exported for the tiling module.
 */
export interface ResolvedDetection {
  readonly channel: number;
  readonly pixelSizeUm: number;
  readonly background: BackgroundMethod | "none";
  readonly backgroundRadiusPx: number;
  readonly threshold: ThresholdSpec;
  readonly localRadiusPx: number;
  readonly split: boolean;
  readonly minSeedDistancePx: number;
  readonly neckRatio: number;
  readonly minAreaPx: number;
  readonly maxAreaPx: number;
  readonly maxEccentricity: number;
  readonly connectivity: Connectivity;
  /** Pixels a tile must extend past its core so every kept object there is computed exactly. */
  readonly haloPx: number;
}

/**
 * Check the options and convert micrometres to pixels.
 *
 * @param stack - the field's channel names and pixel size
 * @param options - detection options
 * @returns the resolved settings
 * @throws {@link CtcError} `MISSING_CHANNEL` when the nucleus channel is absent, `INVALID_ARGUMENT` when no
 * pixel size is known or a setting is out of range
 */
export function resolveDetection(
  stack: Pick<ChannelStack, "channels" | "pixelSizeUm">,
  options: DetectOptions = {},
): ResolvedDetection {
  const pixelSizeUm = options.pixelSizeUm ?? stack.pixelSizeUm;
  if (pixelSizeUm === undefined || !(pixelSizeUm > 0)) {
    throw new CtcError("INVALID_ARGUMENT", "detection needs the pixel size to apply sizes in micrometres", {
      field: "pixelSizeUm",
      expected: "a positive number on the stack or in the options",
      actual: pixelSizeUm,
    });
  }
  const px = (um: number): number => um / pixelSizeUm;
  const minDiameterUm = options.minDiameterUm ?? 4;
  const maxDiameterUm = options.maxDiameterUm ?? 30;
  if (!(minDiameterUm >= 0 && maxDiameterUm > minDiameterUm)) {
    throw new CtcError("INVALID_ARGUMENT", "diameter range must satisfy 0 <= min < max", {
      field: "minDiameterUm",
      actual: [minDiameterUm, maxDiameterUm],
    });
  }
  const threshold = options.threshold ?? { method: "local" };
  const backgroundRadiusPx = Math.round(px(options.backgroundRadiusUm ?? 15));
  const localRadiusPx = Math.round(px(threshold.method === "local" ? (threshold.radiusUm ?? 10) : 0));
  const background = options.background ?? "tophat";
  const maxObjectPx = Math.ceil(px(maxDiameterUm));
  // Opening = erosion then dilation, each reaching one radius: 2 radii of context make it exact; the
  // local mean needs one radius; seeds see one seed distance; a kept object (eccentricity up to 0.95)
  // reaches less than two maximum diameters from its centroid.
  const minSeedDistancePx = px(options.minSeedDistanceUm ?? 3);
  const haloPx =
    (background === "none" ? 0 : 2 * backgroundRadiusPx) +
    localRadiusPx +
    2 * maxObjectPx +
    Math.ceil(minSeedDistancePx) +
    2;
  return {
    channel: channelIndex(stack, options.nucleusChannel ?? "DAPI"),
    pixelSizeUm,
    background,
    backgroundRadiusPx,
    threshold,
    localRadiusPx,
    split: options.split ?? true,
    minSeedDistancePx,
    neckRatio: options.neckRatio ?? 0.8,
    minAreaPx: Math.PI * (px(minDiameterUm) / 2) ** 2,
    maxAreaPx: Math.PI * (px(maxDiameterUm) / 2) ** 2,
    maxEccentricity: options.maxEccentricity ?? 0.95,
    connectivity: options.connectivity ?? 8,
    haloPx,
  };
}

/**
 * The background-subtracted nucleus channel.
 *
 * @param stack - a field or tile
 * @param resolved - resolved settings
 * @returns the foreground plane (float32)
 */
export function nucleusForeground(stack: ChannelStack, resolved: ResolvedDetection): Plane<Float32Array> {
  const { height, width } = stack;
  const plane = { data: channelPixels(stack, resolved.channel), height, width };
  const data =
    resolved.background === "none"
      ? Float32Array.from(plane.data)
      : subtractBackground(plane, { method: resolved.background, radiusPx: resolved.backgroundRadiusPx });
  return { data, height, width };
}

/**
 * The histogram binning used for thresholds: unit bins for integer stacks (exact, as scikit-image), else
 * 1024 bins; the range `[0, span]` covers every background-subtracted value, so tile histograms add up.
 *
 * @param stack - a field (or a stack with the field's dtype)
 * @param span - the nucleus channel's max minus min over the whole field
 * @returns bins and range for {@link histogram}
 */
export function thresholdBinning(
  stack: Pick<ChannelStack, "data">,
  span: number,
): { bins: "integer" | number; range: [number, number] } {
  return isIntegerDType(dtypeOf(stack.data))
    ? { bins: "integer", range: [0, Math.max(0, Math.ceil(span))] }
    : { bins: 1024, range: [0, span > 0 ? span : 1] };
}

/** The field-wide statistic a threshold rule needs: Otsu's level, or the noise scale. */
export type ThresholdLevel = { readonly level: number } | { readonly offset: number };

/**
 * Turn a threshold rule and the field's histogram of foreground values into a level or an offset.
 *
 * @param spec - the rule
 * @param hist - histogram of background-subtracted nucleus values over the field
 * @returns a global level, or an offset over the local mean
 */
export function thresholdLevel(spec: ThresholdSpec, hist: Histogram): ThresholdLevel {
  switch (spec.method) {
    case "fixed":
      return { level: spec.level };
    case "otsu":
      return { level: otsuFromHistogram(hist) };
    case "local":
      return { offset: (spec.k ?? 3) * Math.max(noiseSigma(hist), 1e-6) };
    default:
      return { level: histogramQuantile(hist, 0.5) + (spec.k ?? 5) * Math.max(noiseSigma(hist), 1e-6) };
  }
}

/**
 * Segment nuclei in a foreground plane: threshold, label, split touching nuclei, measure and filter by
 * size and shape.
 *
 * @param foreground - background-subtracted nucleus plane
 * @param level - the field-wide threshold statistic
 * @param resolved - resolved settings
 * @param offset - the plane's origin `[x, y]` in the field, added to region positions
 * @returns the label image and the regions (in field coordinates) that pass the filters
 */
export function segmentNuclei(
  foreground: Plane<Float32Array>,
  level: ThresholdLevel,
  resolved: ResolvedDetection,
  offset: readonly [number, number] = [0, 0],
): { labels: LabelImage; regions: Region[] } {
  const mask =
    "level" in level
      ? thresholdMask(foreground, level.level)
      : localThreshold(foreground, { radiusPx: resolved.localRadiusPx, offset: level.offset });
  const { height, width } = foreground;
  const maskPlane = { data: mask, height, width };
  const labels = resolved.split
    ? splitTouching(maskPlane, {
        minSeedDistancePx: resolved.minSeedDistancePx,
        neckRatio: resolved.neckRatio,
      })
    : labelComponents(maskPlane, { connectivity: resolved.connectivity });
  const regions = regionProps(labels, offset).filter(
    (r) =>
      r.area >= resolved.minAreaPx &&
      r.area <= resolved.maxAreaPx &&
      r.eccentricity <= resolved.maxEccentricity,
  );
  return { labels, regions };
}

/**
 * A candidate from a region.
 *
 * @param region - the region, in field coordinates
 * @param labels - the label image it came from
 * @param resolved - resolved settings (pixel size)
 * @param offset - the label image's origin `[x, y]` in the field
 * @param field - field `[width, height]`, to flag nuclei cut by the field edge
 * @returns the candidate
 */
export function toCandidate(
  region: Region,
  labels: LabelImage,
  resolved: ResolvedDetection,
  offset: readonly [number, number],
  field: readonly [number, number],
): Candidate {
  const [fx, fy, bw, bh] = region.bbox;
  const mask = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const row = (fy - offset[1] + y) * labels.width + fx - offset[0];
    for (let x = 0; x < bw; x++) mask[y * bw + x] = labels.data[row + x] === region.label ? 1 : 0;
  }
  const areaUm2 = region.area * resolved.pixelSizeUm ** 2;
  return {
    x: region.x,
    y: region.y,
    bbox: region.bbox,
    mask,
    areaPx: region.area,
    areaUm2,
    diameterUm: 2 * Math.sqrt(areaUm2 / Math.PI),
    eccentricity: region.eccentricity,
    touchesBorder: fx === 0 || fy === 0 || fx + bw === field[0] || fy + bh === field[1],
  };
}

/**
 * Find candidate nuclei in a whole field held in memory (one tile). For fields too large for that, use
 * {@link detectField}, which gives the same candidates tile by tile.
 *
 * @param stack - the field, C x H x W, with a nucleus channel
 * @param options - detection options
 * @returns candidates in raster order of their first pixel
 */
export function detectCandidates(stack: ChannelStack, options: DetectOptions = {}): Candidate[] {
  const resolved = resolveDetection(stack, options);
  const foreground = nucleusForeground(stack, resolved);
  const nucleus = channelPixels(stack, resolved.channel);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < nucleus.length; i++) {
    if (nucleus[i] < lo) lo = nucleus[i];
    if (nucleus[i] > hi) hi = nucleus[i];
  }
  const hist = histogram(foreground.data, thresholdBinning(stack, nucleus.length > 0 ? hi - lo : 0));
  const level = thresholdLevel(resolved.threshold, hist);
  const { labels, regions } = segmentNuclei(foreground, level, resolved);
  return regions.map((r) => toCandidate(r, labels, resolved, [0, 0], [stack.width, stack.height]));
}
