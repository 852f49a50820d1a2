import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { CtcError } from "../core/errors";
import type { ChannelStack } from "../core/stack";
import { assembleChannels, type ChannelMap, matchChannelFiles } from "../io/channel-files";
import { type ReadImageOptions, readImage } from "../io/image";
import type { DEFAULT_MAX_BYTES } from "../io/limits";
import { readFileBytes } from "./read-file";

/**
 * Read a TIFF, PNG or NPY image file as a channel stack (format from the magic number).
 *
 * @param path - file path
 * @param options - channel names, `maxBytes`
 * @returns the stack
 * @throws {@link CtcError} `IO_ERROR` when the file cannot be read, and whatever {@link readImage} throws
 */
export async function readImageFile(
  path: string,
  options: Omit<ReadImageOptions, "file"> = {},
): Promise<ChannelStack> {
  return readImage(await readFileBytes(path), { ...options, file: path });
}

/**
 * Assemble one stack from the single-channel files in a folder, choosing each channel's file by a
 * pattern matched against the names in that folder (not below it).
 *
 * @param folder - folder path
 * @param map - channel name to file-name pattern (`*`, `?`), e.g. `{ BF: "Ch3_*.tif", DNA: "Ch4_*.tif" }`
 * @param options - per-file byte limit
 * @param options.maxBytes - most decoded bytes per file (default {@link DEFAULT_MAX_BYTES})
 * @returns the stack, channels in the map's order
 * @throws {@link CtcError} `UNSAFE_PATH` for a pattern containing a path separator, `IO_ERROR`, and
 * whatever {@link assembleChannels} throws
 */
export async function readChannelFiles(
  folder: string,
  map: ChannelMap,
  options: { maxBytes?: number } = {},
): Promise<ChannelStack> {
  for (const [channel, pattern] of Object.entries(map)) {
    if (pattern.includes("/") || pattern.includes("\\") || basename(pattern) !== pattern) {
      throw new CtcError("UNSAFE_PATH", "a channel pattern must name files inside the folder", {
        file: folder,
        channel,
        actual: pattern,
      });
    }
  }
  let names: string[];
  try {
    names = (await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    throw new CtcError("IO_ERROR", `cannot list folder: ${(error as NodeJS.ErrnoException).code ?? error}`, {
      file: folder,
      cause: error,
    });
  }
  const chosen = matchChannelFiles(names, map, folder);
  const files = new Map<string, Uint8Array>();
  for (const name of chosen.values()) files.set(name, await readFileBytes(join(folder, name)));
  return assembleChannels(files, map, { file: folder, maxBytes: options.maxBytes });
}
