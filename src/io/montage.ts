import { channelIndex } from "../core/channels";
import { allocPixels, dtypeOf, type PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";
import { type ChannelStack, createStack } from "../core/stack";

/** How to cut a montage into tiles. */
export interface MontageOptions {
  /** Tile width in pixels. */
  readonly tileWidth: number;
  /** Tile height in pixels; default `tileWidth`. */
  readonly tileHeight?: number;
  /**
   * The order the instrument filled the tiles in: `"row-major"` (along the first row, then the next;
   * default) or `"column-major"` (down the first column, then the next, as ImageStream montages do).
   */
  readonly order?: "row-major" | "column-major";
  /** When set, tiles that {@link isPaddingTile} calls padding (judged on this channel) are dropped. */
  readonly dropPadding?: PaddingTest;
  /** File name for errors. */
  readonly file?: string;
}

/** What makes a tile padding, for {@link isPaddingTile}. */
export interface PaddingTest {
  /** Channel to judge by (bright field works best: every cell shows texture there). */
  readonly channel: string;
  /** Smallest mean standard deviation, along rows and along columns, that a cell shows; default 1. */
  readonly minStd?: number;
}

/** One tile cut from a montage. */
export interface MontageTile {
  /** The tile's pixels, all channels. */
  readonly stack: ChannelStack;
  /** Position in fill order (0-based), counting padding tiles too. */
  readonly index: number;
  /** Tile row in the montage grid. */
  readonly row: number;
  /** Tile column in the montage grid. */
  readonly column: number;
}

function meanStd(
  values: PixelArray,
  start: number,
  step: number,
  count: number,
  lines: number,
  lineStep: number,
): number {
  let total = 0;
  for (let line = 0; line < lines; line++) {
    let sum = 0;
    let squares = 0;
    for (let i = 0, at = start + line * lineStep; i < count; i++, at += step) {
      sum += values[at];
      squares += values[at] * values[at];
    }
    const mean = sum / count;
    total += Math.sqrt(Math.max(0, squares / count - mean * mean));
  }
  return total / lines;
}

/**
 * Whether a tile is padding rather than a cell. Montage stitchers fill unused tiles with stripes (every
 * row identical) or a flat value, never with noise, so a real cell varies both along rows and down
 * columns: a tile is padding when the mean standard deviation along its rows or down its columns is
 * below `minStd`.
 *
 * @param tile - one tile
 * @param test - channel to judge by and threshold
 * @returns true for padding
 * @throws {@link CtcError} `MISSING_CHANNEL` when the channel is absent
 */
export function isPaddingTile(tile: ChannelStack, test: PaddingTest): boolean {
  const { width, height } = tile;
  const start = channelIndex(tile, test.channel) * width * height;
  const minStd = test.minStd ?? 1;
  if (width < 2 || height < 2) return true;
  const alongRows = meanStd(tile.data, start, 1, width, height, width);
  const downColumns = meanStd(tile.data, start, width, height, width, 1);
  return alongRows < minStd || downColumns < minStd;
}

/**
 * Cut a montage (a grid of equal single-cell tiles, as imaging flow cytometers export) into tiles, in the
 * instrument's fill order, optionally dropping padding tiles.
 *
 * @param montage - the whole montage
 * @param options - tile size, fill order, padding test
 * @returns the tiles, in fill order
 * @throws {@link CtcError} `SHAPE_MISMATCH` when the montage is not a whole number of tiles,
 * `INVALID_ARGUMENT` for a bad tile size
 * @example
 * ```ts
 * const cells = splitMontage(stack, { tileWidth: 40, order: "column-major", dropPadding: { channel: "BF" } });
 * ```
 */
export function splitMontage(montage: ChannelStack, options: MontageOptions): MontageTile[] {
  const { tileWidth, file } = options;
  const tileHeight = options.tileHeight ?? tileWidth;
  for (const [field, value] of [
    ["tileWidth", tileWidth],
    ["tileHeight", tileHeight],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new CtcError("INVALID_ARGUMENT", "tile size must be a positive integer", {
        file,
        field,
        actual: value,
      });
    }
  }
  if (montage.width % tileWidth !== 0 || montage.height % tileHeight !== 0) {
    throw new CtcError("SHAPE_MISMATCH", "montage is not a whole number of tiles", {
      file,
      field: "tile size",
      expected: `multiples of ${tileWidth} x ${tileHeight}`,
      actual: `${montage.width} x ${montage.height}`,
    });
  }
  const rows = montage.height / tileHeight;
  const columns = montage.width / tileWidth;
  const channels = montage.channels.length;
  const dtype = dtypeOf(montage.data);
  const tiles: MontageTile[] = [];
  for (let index = 0; index < rows * columns; index++) {
    const row = options.order === "column-major" ? index % rows : Math.floor(index / columns);
    const column = options.order === "column-major" ? Math.floor(index / rows) : index % columns;
    const data = allocPixels(dtype, channels * tileWidth * tileHeight);
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < tileHeight; y++) {
        const from = (c * montage.height + row * tileHeight + y) * montage.width + column * tileWidth;
        data.set(montage.data.subarray(from, from + tileWidth), (c * tileHeight + y) * tileWidth);
      }
    }
    const stack = createStack(data, {
      channels: montage.channels,
      height: tileHeight,
      width: tileWidth,
      pixelSizeUm: montage.pixelSizeUm,
    });
    if (options.dropPadding !== undefined && isPaddingTile(stack, options.dropPadding)) continue;
    tiles.push({ stack, index, row, column });
  }
  return tiles;
}
