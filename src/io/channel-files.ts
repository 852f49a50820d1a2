import { allocPixels, dtypeOf } from "../core/dtype";
import { CtcError } from "../core/errors";
import { type ChannelStack, createStack } from "../core/stack";
import { readImage } from "./image";

/** Channel name to a file-name pattern (`*` any run of characters, `?` one character), e.g. `"*_Ch2.tif"`. */
export type ChannelMap = Readonly<Record<string, string>>;

/** Options for {@link assembleChannels}. */
export interface AssembleOptions {
  /** Name of the set (folder, cell id) for error messages. */
  readonly file?: string;
  /** Most decoded bytes per file; see {@link DEFAULT_MAX_BYTES}. */
  readonly maxBytes?: number;
}

/**
 * Whether a file name matches a channel pattern. Matching is on the whole name and case-sensitive.
 *
 * @param name - file name (no folders)
 * @param pattern - pattern with `*` and `?` wildcards
 * @returns true when it matches
 */
export function matchesPattern(name: string, pattern: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, "s").test(name);
}

/**
 * Pick, for every channel, the one file whose name matches its pattern.
 *
 * @param names - available file names
 * @param map - channel name to pattern
 * @param file - set name for errors
 * @returns channel name to file name, in the map's order
 * @throws {@link CtcError} `MISSING_CHANNEL` when no file matches a pattern, `INVALID_ARGUMENT` when
 * several do
 */
export function matchChannelFiles(
  names: readonly string[],
  map: ChannelMap,
  file?: string,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [channel, pattern] of Object.entries(map)) {
    const matches = names.filter((name) => matchesPattern(name, pattern));
    if (matches.length === 0) {
      throw new CtcError("MISSING_CHANNEL", `no file matches the pattern "${pattern}"`, {
        file,
        channel,
        expected: pattern,
        actual: names,
      });
    }
    if (matches.length > 1) {
      throw new CtcError("INVALID_ARGUMENT", `several files match the pattern "${pattern}"`, {
        file,
        channel,
        expected: "exactly one",
        actual: matches,
      });
    }
    out.set(channel, matches[0]);
  }
  return out;
}

/**
 * Assemble one stack from single-channel files (as imaging flow cytometers export: one TIFF per channel),
 * choosing each channel's file by a pattern and checking that sizes and pixel types agree.
 *
 * @param files - file name to contents (TIFF, PNG or NPY, detected by magic number)
 * @param map - channel name to file-name pattern, in the channel order wanted
 * @param options - set name for errors, per-file byte limit
 * @returns the stack, channels in the map's order
 * @throws {@link CtcError} `MISSING_CHANNEL`, `INVALID_ARGUMENT` (ambiguous pattern), `SHAPE_MISMATCH`
 * (a file with several channels, or sizes or types that differ), and reader errors naming the file
 * @example
 * ```ts
 * const stack = assembleChannels(files, { BF: "*_Ch1.tif", DAPI: "*_Ch2.tif", CK: "*_Ch3.tif" });
 * ```
 */
export function assembleChannels(
  files: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>,
  map: ChannelMap,
  options: AssembleOptions = {},
): ChannelStack {
  const byName = files instanceof Map ? files : new Map(Object.entries(files));
  const chosen = matchChannelFiles([...byName.keys()], map, options.file);
  const planes = [...chosen].map(([channel, name]) => {
    const stack = readImage(byName.get(name)!, { file: name, maxBytes: options.maxBytes });
    if (stack.channels.length !== 1) {
      throw new CtcError("SHAPE_MISMATCH", "a per-channel file must hold exactly one channel", {
        file: name,
        channel,
        expected: 1,
        actual: stack.channels.length,
      });
    }
    return { channel, name, stack };
  });
  const first = planes[0];
  if (first === undefined) {
    throw new CtcError("INVALID_ARGUMENT", "the channel map is empty", { file: options.file, field: "map" });
  }
  const dtype = dtypeOf(first.stack.data);
  for (const plane of planes) {
    const same =
      plane.stack.width === first.stack.width &&
      plane.stack.height === first.stack.height &&
      dtypeOf(plane.stack.data) === dtype;
    if (!same) {
      throw new CtcError("SHAPE_MISMATCH", `channel files disagree with ${first.name}`, {
        file: plane.name,
        channel: plane.channel,
        expected: `${first.stack.width} x ${first.stack.height} ${dtype}`,
        actual: `${plane.stack.width} x ${plane.stack.height} ${dtypeOf(plane.stack.data)}`,
      });
    }
  }
  const size = first.stack.width * first.stack.height;
  const data = allocPixels(dtype, size * planes.length);
  planes.forEach((plane, c) => {
    data.set(plane.stack.data, c * size);
  });
  return createStack(data, {
    channels: planes.map((p) => p.channel),
    height: first.stack.height,
    width: first.stack.width,
    pixelSizeUm: first.stack.pixelSizeUm,
  });
}

/**
 * Group file names into cells by a naming pattern, for exports with one file per channel per cell
 * (`cell17_Ch1.tif`, `cell17_Ch2.tif`, ...).
 *
 * @param names - file names
 * @param pattern - a regular expression with named groups `cell` and `channel`
 * @param channels - the `channel` group's value to channel name (e.g. `{ "1": "BF", "2": "DAPI" }`);
 * files whose value is not listed are ignored
 * @returns cell id to (channel name to file name); cells missing a channel are kept, so
 * {@link assembleChannels} reports them
 */
export function groupChannelFiles(
  names: readonly string[],
  pattern: RegExp,
  channels: Readonly<Record<string, string>>,
): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const name of names) {
    const groups = pattern.exec(name)?.groups;
    if (
      groups?.cell === undefined ||
      groups.channel === undefined ||
      !Object.hasOwn(channels, groups.channel)
    )
      continue;
    const cell = out.get(groups.cell) ?? new Map<string, string>();
    cell.set(channels[groups.channel], name);
    out.set(groups.cell, cell);
  }
  return out;
}
