import { type ChannelStack, CtcError, createStack, type PixelArray } from "../core/index";
import {
  type Candidate,
  type DetectOptions,
  nucleusForeground,
  resolveDetection,
  segmentNuclei,
  thresholdBinning,
  thresholdLevel,
  toCandidate,
} from "./candidates";
import { type Histogram, histogram } from "./threshold";

/**
 * A field read region by region, so a 10000 x 10000 x 4 uint16 field (800 MB) need never be in memory
 * at once. A file reader can implement it over TIFF strips or tiles.
 */
export interface FieldSource {
  /** Channel names, in order. */
  readonly channels: readonly string[];
  /** Field height in pixels. */
  readonly height: number;
  /** Field width in pixels. */
  readonly width: number;
  /** Pixel size in micrometres, when known. */
  readonly pixelSizeUm?: number;
  /**
   * Read a rectangle of some channels.
   *
   * @param x - left column
   * @param y - top row
   * @param width - columns
   * @param height - rows
   * @param channels - channel names wanted, in this order
   * @returns a stack of exactly that size and those channels
   */
  readRegion(x: number, y: number, width: number, height: number, channels: readonly string[]): ChannelStack;
}

/**
 * A {@link FieldSource} over a stack already in memory; each read copies only the rectangle asked for.
 *
 * @param stack - the field
 * @returns a source reading from it
 */
export function stackSource(stack: ChannelStack): FieldSource {
  return {
    channels: stack.channels,
    height: stack.height,
    width: stack.width,
    pixelSizeUm: stack.pixelSizeUm,
    readRegion(x, y, width, height, channels) {
      const plane = stack.height * stack.width;
      const out: PixelArray = new (stack.data.constructor as new (n: number) => PixelArray)(
        channels.length * width * height,
      );
      channels.forEach((name, k) => {
        const c = stack.channels.indexOf(name);
        if (c < 0) {
          throw new CtcError("MISSING_CHANNEL", `channel "${name}" is missing`, {
            channel: name,
            actual: stack.channels,
          });
        }
        for (let row = 0; row < height; row++) {
          const from = c * plane + (y + row) * stack.width + x;
          out.set(stack.data.subarray(from, from + width), (k * height + row) * width);
        }
      });
      return createStack(out, { channels, height, width, pixelSizeUm: stack.pixelSizeUm });
    },
  };
}

/** One tile: the core it owns and the larger rectangle it reads (core plus halo, clipped to the field). */
export interface Tile {
  /** Owned rectangle `[x, y, width, height]`: the cores of all tiles partition the field. */
  readonly core: readonly [number, number, number, number];
  /** Rectangle read and processed `[x, y, width, height]`. */
  readonly outer: readonly [number, number, number, number];
}

/**
 * Cut a field into tiles whose cores partition it, each read with a halo of context.
 *
 * @param height - field height
 * @param width - field width
 * @param tileSize - core edge length in pixels
 * @param haloPx - context on each side in pixels
 * @returns tiles in raster order
 * @throws {@link CtcError} `INVALID_ARGUMENT` for a tile size below 1
 */
export function planTiles(height: number, width: number, tileSize: number, haloPx: number): Tile[] {
  if (!Number.isInteger(tileSize) || tileSize < 1) {
    throw new CtcError("INVALID_ARGUMENT", "tile size must be a positive integer", {
      field: "tileSize",
      actual: tileSize,
    });
  }
  const tiles: Tile[] = [];
  for (let y = 0; y < height; y += tileSize) {
    for (let x = 0; x < width; x += tileSize) {
      const w = Math.min(tileSize, width - x);
      const h = Math.min(tileSize, height - y);
      const ox = Math.max(0, x - haloPx);
      const oy = Math.max(0, y - haloPx);
      const ow = Math.min(width, x + w + haloPx) - ox;
      const oh = Math.min(height, y + h + haloPx) - oy;
      tiles.push({ core: [x, y, w, h], outer: [ox, oy, ow, oh] });
    }
  }
  return tiles;
}

/** Options for {@link detectField}: detection options plus the tile size. */
export interface FieldOptions extends DetectOptions {
  /** Core edge length of a tile in pixels; default 2048 (about 300 MB of working arrays per tile). */
  readonly tileSize?: number;
}

function addInto(total: Histogram | undefined, part: Histogram): Histogram {
  if (total === undefined) return part;
  for (let i = 0; i < part.counts.length; i++) total.counts[i] += part.counts[i];
  return total;
}

/**
 * Find candidate nuclei in a field, tile by tile with bounded memory. One histogram over the whole field
 * sets the threshold, then each tile keeps only the nuclei whose centroid lies in its core and that do
 * not touch a cut edge; with the halo the options imply, this returns exactly what
 * {@link detectCandidates} returns on the whole field, with no duplicates at the seams.
 *
 * @param source - the field (use {@link stackSource} for a stack in memory)
 * @param options - detection options and tile size
 * @returns candidates in raster order of their first pixel
 */
export function detectField(source: FieldSource, options: FieldOptions = {}): Candidate[] {
  const resolved = resolveDetection(source, options);
  const name = source.channels[resolved.channel];
  const tiles = planTiles(source.height, source.width, options.tileSize ?? 2048, resolved.haloPx);
  if (tiles.length === 0) return [];
  const read = (r: readonly number[]): ChannelStack => source.readRegion(r[0], r[1], r[2], r[3], [name]);
  // Pass 1: the nucleus range, which fixes a binning every tile shares.
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let dtypeProbe: ChannelStack | undefined;
  for (const tile of tiles) {
    const core = read(tile.core);
    dtypeProbe ??= core;
    for (let i = 0; i < core.data.length; i++) {
      if (core.data[i] < lo) lo = core.data[i];
      if (core.data[i] > hi) hi = core.data[i];
    }
  }
  const binning = thresholdBinning(dtypeProbe!, hi - lo);
  // Pass 2: the field histogram of foreground values, each pixel counted once (in its core).
  const single = tiles.length === 1;
  let hist: Histogram | undefined;
  let kept: ReturnType<typeof nucleusForeground> | undefined;
  for (const tile of tiles) {
    const stack = read(tile.outer);
    const foreground = nucleusForeground(stack, { ...resolved, channel: 0 });
    if (single) kept = foreground;
    const [cx, cy, cw, ch] = tile.core;
    const core = new Float32Array(cw * ch);
    for (let row = 0; row < ch; row++) {
      const from = (cy - tile.outer[1] + row) * foreground.width + (cx - tile.outer[0]);
      core.set(foreground.data.subarray(from, from + cw), row * cw);
    }
    hist = addInto(hist, histogram(core, binning));
  }
  const level = thresholdLevel(resolved.threshold, hist!);
  // Pass 3: segment each tile and keep what it owns.
  const found: { first: number; candidate: Candidate }[] = [];
  for (const tile of tiles) {
    const [ox, oy, ow, oh] = tile.outer;
    const [cx, cy, cw, ch] = tile.core;
    const foreground = kept ?? nucleusForeground(read(tile.outer), { ...resolved, channel: 0 });
    const { labels, regions } = segmentNuclei(foreground, level, resolved, [ox, oy]);
    for (const region of regions) {
      const { x, y } = region;
      if (x < cx || x >= cx + cw || y < cy || y >= cy + ch) continue;
      const [bx, by, bw, bh] = region.bbox;
      // Touching a cut edge means the object may continue in the next tile; it is owned elsewhere or, if
      // its centroid is here, it is larger than any kept object and the whole-field run drops it too.
      const cut =
        (bx === ox && ox > 0) ||
        (by === oy && oy > 0) ||
        (bx + bw === ox + ow && ox + ow < source.width) ||
        (by + bh === oy + oh && oy + oh < source.height);
      if (cut) continue;
      const candidate = toCandidate(region, labels, resolved, [ox, oy], [source.width, source.height]);
      found.push({
        first: candidate.bbox[1] * source.width + candidate.bbox[0] + candidate.mask.indexOf(1),
        candidate,
      });
    }
  }
  return found.sort((a, b) => a.first - b.first).map((f) => f.candidate);
}
