import { convertIndexedToRgb, decode, encode } from "fast-png";
import { concatBytes } from "../core/bytes";
import type { PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";
import { type ChannelStack, createStack } from "../core/stack";
import { crc32 } from "./crc32";
import { inflateExact, MAX_DEFLATE_RATIO } from "./inflate";
import { checkAllocation, DEFAULT_MAX_BYTES, type ReadOptions, resolveLimit } from "./limits";

/** Options for {@link readPng}. */
export interface ReadPngOptions extends ReadOptions {
  /** Channel names; default `gray` (and `alpha`) or `red`, `green`, `blue` (and `alpha`). */
  readonly channels?: readonly string[];
}

/** An 8-bit RGB image, pixels interleaved (`R, G, B, R, G, B, ...`), row by row. */
export interface RgbImage {
  /** `width * height * 3` bytes. */
  readonly data: Uint8Array;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CRITICAL = new Set(["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]);
const SAMPLES: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Bytes of filtered scanlines the image data must inflate to, Adam7 passes included. */
function filteredSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const line = (w: number) => (w === 0 ? 0 : 1 + Math.ceil((w * bitsPerPixel) / 8));
  if (!interlaced) return height * line(width);
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ];
  let total = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w > 0 && h > 0) total += h * line(w);
  }
  return total;
}

/*
 * fast-png inflates without a bound and also inflates text and ICC chunks, so the file is checked here
 * first: chunk lengths and CRCs, declared size against the limit, and the image data inflated once to
 * exactly the size the header implies. Only the critical chunks are then handed to fast-png.
 */
function sanitize(bytes: Uint8Array, file: string | undefined, limit: number): Uint8Array {
  if (bytes.length === 0)
    throw new CtcError("CORRUPT_FILE", "file is empty", { file, expected: "a PNG file" });
  if (SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new CtcError("CORRUPT_FILE", "not a PNG file (wrong magic number)", {
      file,
      expected: "89 50 4e 47 0d 0a 1a 0a",
      actual: Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" "),
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  const idat: Uint8Array[] = [];
  let at = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  let ended = false;
  while (!ended) {
    if (at + 12 > bytes.length)
      throw new CtcError("TRUNCATED_FILE", "PNG file ends before its IEND chunk", { file });
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) {
      throw new CtcError("TRUNCATED_FILE", `PNG chunk ${type} runs past the end of the file`, {
        file,
        field: type,
        expected: `${length} bytes`,
        actual: bytes.length - at - 12,
      });
    }
    const crc = view.getUint32(at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== crc) {
      throw new CtcError("CORRUPT_FILE", `PNG chunk ${type} has a bad CRC`, { file, field: type });
    }
    if (header === undefined && type !== "IHDR")
      throw new CtcError("CORRUPT_FILE", "PNG does not start with IHDR", { file });
    if (type === "IHDR") {
      if (length !== 13)
        throw new CtcError("CORRUPT_FILE", "PNG IHDR has the wrong length", { file, field: "IHDR" });
      header = {
        width: view.getUint32(at + 8),
        height: view.getUint32(at + 12),
        depth: bytes[at + 16],
        colour: bytes[at + 17],
        interlace: bytes[at + 20],
      };
    }
    if (type === "IDAT") idat.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === "IEND") ended = true;
    if (CRITICAL.has(type)) kept.push(bytes.subarray(at, at + 12 + length));
    else if (type.charCodeAt(0) < 97) {
      throw new CtcError("UNSUPPORTED_FORMAT", `PNG has an unknown critical chunk ${type}`, {
        file,
        field: type,
      });
    }
    at += 12 + length;
  }
  const { width, height, depth, colour, interlace } = header!;
  const samples = SAMPLES[colour];
  if (
    samples === undefined ||
    ![1, 2, 4, 8, 16].includes(depth) ||
    interlace > 1 ||
    (depth < 8 && colour !== 3)
  ) {
    throw new CtcError("UNSUPPORTED_FORMAT", "PNG colour type or bit depth is not supported", {
      file,
      field: "IHDR",
      expected: "8 or 16-bit gray, gray+alpha, RGB, RGBA, or a palette",
      actual: `colour type ${colour}, depth ${depth}`,
    });
  }
  if (width === 0 || height === 0)
    throw new CtcError("CORRUPT_FILE", "PNG has no pixels", { file, field: "IHDR" });
  const decoded = width * height * (colour === 3 ? 4 : samples) * (depth === 16 ? 2 : 1);
  checkAllocation(file, "IHDR", decoded, limit);
  const size = filteredSize(width, height, samples * depth, interlace === 1);
  checkAllocation(file, "IHDR", size, limit);
  const stream = concatBytes(idat);
  if (stream.length < 2 || (stream[0] & 0x0f) !== 8) {
    throw new CtcError("CORRUPT_FILE", "PNG image data has no zlib header", { file, field: "IDAT" });
  }
  if (size > stream.length * MAX_DEFLATE_RATIO) {
    throw new CtcError("TRUNCATED_FILE", "PNG image data is too short for the size its header declares", {
      file,
      field: "IDAT",
      expected: `${size} bytes after inflating`,
      actual: `${stream.length} compressed bytes`,
    });
  }
  inflateExact(stream.subarray(2), size, { file, field: "IDAT" });
  return concatBytes(kept);
}

/**
 * Read a PNG as a channel stack: 8- or 16-bit gray (one channel), gray with alpha, RGB and RGBA (one
 * channel per sample), palettes expanded to RGB(A). Chunk CRCs are verified and the image data is
 * inflated with a bound before decoding, so bombs and corrupt files fail with typed errors.
 *
 * @param bytes - file contents
 * @param options - file name for errors, `maxBytes` (default {@link DEFAULT_MAX_BYTES}), channel names
 * @returns a `uint8` or `uint16` stack
 * @throws {@link CtcError} `CORRUPT_FILE`, `TRUNCATED_FILE`, `LIMIT_EXCEEDED` or `UNSUPPORTED_FORMAT`,
 * naming the file
 */
export function readPng(bytes: Uint8Array, options: ReadPngOptions = {}): ChannelStack {
  const { file } = options;
  const limit = resolveLimit(file, options.maxBytes, DEFAULT_MAX_BYTES);
  const clean = sanitize(bytes, file, limit);
  let png: ReturnType<typeof decode>;
  try {
    png = decode(clean);
  } catch (error) {
    throw new CtcError("CORRUPT_FILE", "PNG data is invalid", {
      file,
      actual: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
  let interleaved: PixelArray = png.data as PixelArray;
  let samples = png.channels;
  if (png.palette !== undefined) {
    interleaved = convertIndexedToRgb(png);
    samples = interleaved.length / (png.width * png.height);
  }
  const names =
    options.channels ??
    (samples <= 2 ? ["gray", "alpha"] : ["red", "green", "blue", "alpha"]).slice(0, samples);
  if (names.length !== samples) {
    throw new CtcError("SHAPE_MISMATCH", "channel names do not match the PNG's channels", {
      file,
      field: "channels",
      expected: samples,
      actual: names.length,
    });
  }
  const plane = png.width * png.height;
  const data =
    interleaved instanceof Uint16Array ? new Uint16Array(plane * samples) : new Uint8Array(plane * samples);
  for (let c = 0; c < samples; c++) {
    for (let i = 0; i < plane; i++) data[c * plane + i] = interleaved[i * samples + c];
  }
  return createStack(data, { channels: names, height: png.height, width: png.width });
}

/**
 * Encode a `uint8` or `uint16` stack as a PNG: one channel as grayscale, three as RGB, four as RGBA (in
 * stack order), 16-bit for `uint16`. Other dtypes must be scaled to one of these first.
 *
 * @param stack - a 1-, 3- or 4-channel stack
 * @returns PNG bytes
 * @throws {@link CtcError} `UNSUPPORTED_DTYPE` for other dtypes, `SHAPE_MISMATCH` for other channel counts
 */
export function writePng(stack: ChannelStack): Uint8Array {
  const { data, width, height } = stack;
  const samples = stack.channels.length;
  if (!(data instanceof Uint8Array || data instanceof Uint16Array || data instanceof Uint8ClampedArray)) {
    throw new CtcError("UNSUPPORTED_DTYPE", "PNG holds 8- or 16-bit unsigned samples", {
      expected: "uint8 or uint16",
      actual: data.constructor.name,
    });
  }
  if (![1, 3, 4].includes(samples)) {
    throw new CtcError("SHAPE_MISMATCH", "PNG holds 1 (gray), 3 (RGB) or 4 (RGBA) channels", {
      field: "channels",
      expected: "1, 3 or 4",
      actual: samples,
    });
  }
  const plane = width * height;
  const out =
    data instanceof Uint16Array ? new Uint16Array(plane * samples) : new Uint8Array(plane * samples);
  for (let c = 0; c < samples; c++) {
    for (let i = 0; i < plane; i++) out[i * samples + c] = data[c * plane + i];
  }
  return encode({ width, height, data: out, channels: samples, depth: data instanceof Uint16Array ? 16 : 8 });
}

/**
 * Encode an interleaved 8-bit RGB image (such as a false-colour composite) as a PNG.
 *
 * @param image - RGB pixels with their size
 * @returns PNG bytes
 * @throws {@link CtcError} `SHAPE_MISMATCH` when the data length is not `width * height * 3`
 */
export function writeRgbPng(image: RgbImage): Uint8Array {
  if (image.data.length !== image.width * image.height * 3) {
    throw new CtcError("SHAPE_MISMATCH", "RGB data length does not match width x height x 3", {
      field: "data",
      expected: image.width * image.height * 3,
      actual: image.data.length,
    });
  }
  return encode({ width: image.width, height: image.height, data: image.data, channels: 3, depth: 8 });
}
