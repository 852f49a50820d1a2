import { CtcError } from "../core/errors";
import type { ChannelStack } from "../core/stack";
import { arrayToStack } from "./array";
import type { ReadOptions } from "./limits";
import { readNpy } from "./npy";
import { readPng } from "./png";
import { readTiff } from "./tiff";

/** Options for {@link readImage}. */
export interface ReadImageOptions extends ReadOptions {
  /** Channel names, one per channel in the file. */
  readonly channels?: readonly string[];
}

/** Image formats {@link readImage} recognises. */
export type ImageFormat = "tiff" | "png" | "npy";

/**
 * The format of an image file, from its first bytes (never from its name, which may lie).
 *
 * @param bytes - file contents
 * @returns the format, or undefined when the bytes start like none of them
 */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const start = String.fromCharCode(...bytes.subarray(0, 6));
  if (
    start.startsWith("II*\0") ||
    start.startsWith("MM\0*") ||
    start.startsWith("II+\0") ||
    start.startsWith("MM\0+")
  ) {
    return "tiff";
  }
  if (start.startsWith("\x89PNG")) return "png";
  if (start === "\x93NUMPY") return "npy";
  return undefined;
}

/**
 * Read a TIFF, PNG or NPY (2-d H x W or 3-d C x H x W) image as a channel stack, choosing the reader by
 * the file's magic number.
 *
 * @param bytes - file contents
 * @param options - file name for errors, `maxBytes`, channel names
 * @returns the stack
 * @throws {@link CtcError} `UNSUPPORTED_FORMAT` for other formats, `CORRUPT_FILE` for empty files, and
 * whatever the chosen reader throws
 */
export function readImage(bytes: Uint8Array, options: ReadImageOptions = {}): ChannelStack {
  const format = detectImageFormat(bytes);
  if (format === "tiff") return readTiff(bytes, options);
  if (format === "png") return readPng(bytes, options);
  if (format === "npy") return arrayToStack(readNpy(bytes, options), options);
  throw new CtcError(
    bytes.length === 0 ? "CORRUPT_FILE" : "UNSUPPORTED_FORMAT",
    bytes.length === 0 ? "file is empty" : "not a TIFF, PNG or NPY image",
    { file: options.file, expected: "TIFF, PNG or NPY magic number" },
  );
}
