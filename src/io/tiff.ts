import { allocPixels, type PixelArray, type PixelDType } from "../core/dtype";
import { CtcError } from "../core/errors";
import { type ChannelStack, createStack } from "../core/stack";
import { MAX_DEFLATE_RATIO } from "./inflate";
import { checkAllocation, DEFAULT_MAX_BYTES, type ReadOptions, resolveLimit } from "./limits";
import { type SegmentWhere, unDeflate, unLzw, unpackBits } from "./tiff-codecs";

/** Most bytes one compressed byte can decode to, per TIFF compression (PackBits: 2 bytes give 128). */
const MAX_RATIO: Readonly<Record<number, number>> = {
  1: 1,
  5: 4096,
  8: MAX_DEFLATE_RATIO,
  32946: MAX_DEFLATE_RATIO,
  32773: 64,
};

/** Options for {@link readTiff}. */
export interface ReadTiffOptions extends ReadOptions {
  /**
   * Channel names, one per channel in file order. Default: the pages' `PageName` tags when every
   * page has a distinct one (as {@link writeTiff} records them), else `ch0`, `ch1`, ...
   */
  readonly channels?: readonly string[];
  /** For ImageJ hyperstacks with several z-slices: which slice to read (0-based). */
  readonly slice?: number;
  /** For ImageJ hyperstacks with several time frames: which frame to read (0-based). */
  readonly frame?: number;
}

const TYPE_SIZES: Readonly<Record<number, number>> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};

const TAG = {
  subfileType: 254,
  width: 256,
  height: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  description: 270,
  stripOffsets: 273,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
  xResolution: 282,
  planar: 284,
  pageName: 285,
  resolutionUnit: 296,
  predictor: 317,
  tileWidth: 322,
  tileLength: 323,
  tileOffsets: 324,
  tileByteCounts: 325,
  sampleFormat: 339,
} as const;

/** Most pages (IFDs) followed; the chain is also checked for loops. */
const MAX_PAGES = 100_000;

interface Entry {
  readonly type: number;
  readonly count: number;
  readonly at: number;
}

class TiffFile {
  readonly view: DataView;
  readonly little: boolean;
  readonly big: boolean;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string | undefined,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length === 0) throw this.error("CORRUPT_FILE", "file is empty");
    const order = String.fromCharCode(bytes[0], bytes[1] ?? 0);
    if (order !== "II" && order !== "MM") {
      throw new CtcError("CORRUPT_FILE", "not a TIFF file (wrong magic number)", {
        file,
        expected: "II*\\0 or MM\\0*",
        actual: Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" "),
      });
    }
    this.little = order === "II";
    if (bytes.length < 8) throw this.error("TRUNCATED_FILE", "file ends inside the TIFF header");
    const magic = this.u16(2);
    if (magic !== 42 && magic !== 43) {
      throw new CtcError("CORRUPT_FILE", "not a TIFF file (wrong version number)", {
        file,
        expected: "42 or 43 (BigTIFF)",
        actual: magic,
      });
    }
    this.big = magic === 43;
    if (this.big && (bytes.length < 16 || this.u16(4) !== 8)) {
      throw this.error("CORRUPT_FILE", "BigTIFF header is invalid");
    }
  }

  error(code: "CORRUPT_FILE" | "TRUNCATED_FILE" | "UNSUPPORTED_FORMAT", message: string, field?: string) {
    return new CtcError(code, message, { file: this.file, field });
  }

  u16(at: number): number {
    return this.view.getUint16(at, this.little);
  }

  u32(at: number): number {
    return this.view.getUint32(at, this.little);
  }

  u64(at: number): number {
    const value = this.view.getBigUint64(at, this.little);
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
      throw this.error("CORRUPT_FILE", "a 64-bit offset is impossibly large");
    return Number(value);
  }

  offset(at: number): number {
    return this.big ? this.u64(at) : this.u32(at);
  }

  /** Byte offsets of every IFD in the chain. */
  ifds(): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    let at = this.offset(this.big ? 8 : 4);
    while (at !== 0) {
      if (seen.has(at)) throw this.error("CORRUPT_FILE", "the chain of image directories loops");
      if (out.length >= MAX_PAGES)
        throw new CtcError("LIMIT_EXCEEDED", "too many pages", {
          file: this.file,
          expected: `<= ${MAX_PAGES}`,
        });
      const head = this.big ? 8 : 2;
      if (at + head > this.bytes.length)
        throw this.error("TRUNCATED_FILE", `image directory at ${at} lies past the end of the file`);
      seen.add(at);
      out.push(at);
      const count = this.big ? this.u64(at) : this.u16(at);
      const size = this.big ? 20 : 12;
      const next = at + head + count * size;
      if (next + (this.big ? 8 : 4) > this.bytes.length) {
        throw this.error("TRUNCATED_FILE", `image directory ${out.length - 1} runs past the end of the file`);
      }
      at = this.offset(next);
    }
    if (out.length === 0) throw this.error("CORRUPT_FILE", "TIFF file has no image directory");
    return out;
  }

  entries(ifd: number): Map<number, Entry> {
    const out = new Map<number, Entry>();
    const count = this.big ? this.u64(ifd) : this.u16(ifd);
    const size = this.big ? 20 : 12;
    const inline = this.big ? 8 : 4;
    for (let i = 0; i < count; i++) {
      const at = ifd + (this.big ? 8 : 2) + i * size;
      const tag = this.u16(at);
      const type = this.u16(at + 2);
      const n = this.big ? this.u64(at + 4) : this.u32(at + 4);
      const bytes = (TYPE_SIZES[type] ?? 0) * n;
      if (TYPE_SIZES[type] === undefined) continue; // unknown types are allowed by the spec; skip
      const valueAt = bytes <= inline ? at + (this.big ? 12 : 8) : this.offset(at + (this.big ? 12 : 8));
      if (valueAt + bytes > this.bytes.length) {
        throw this.error("TRUNCATED_FILE", `tag ${tag} values lie past the end of the file`, `tag ${tag}`);
      }
      out.set(tag, { type, count: n, at: valueAt });
    }
    return out;
  }

  numbers(entry: Entry | undefined): number[] {
    if (entry === undefined) return [];
    const size = TYPE_SIZES[entry.type];
    const out = new Array<number>(entry.count);
    for (let i = 0; i < entry.count; i++) {
      const at = entry.at + i * size;
      switch (entry.type) {
        case 3:
        case 8:
          out[i] = this.u16(at);
          break;
        case 4:
        case 9:
        case 13:
          out[i] = this.u32(at);
          break;
        case 5:
          out[i] = this.u32(at) / this.u32(at + 4);
          break;
        case 16:
        case 17:
        case 18:
          out[i] = this.u64(at);
          break;
        default:
          out[i] = this.bytes[at];
      }
    }
    return out;
  }

  text(entry: Entry | undefined): string | undefined {
    if (entry === undefined || entry.type !== 2) return undefined;
    return new TextDecoder("latin1")
      .decode(this.bytes.subarray(entry.at, entry.at + entry.count))
      .replace(/\0+$/, "");
  }
}

interface Page {
  readonly check: () => void;
  readonly width: number;
  readonly height: number;
  readonly samples: number;
  readonly dtype: PixelDType;
  readonly name?: string;
  readonly decode: (out: PixelArray, channel: number) => void;
}

function pixelType(bits: number, format: number): PixelDType | undefined {
  const key = `${format}:${bits}`;
  const types: Record<string, PixelDType> = {
    "1:8": "uint8",
    "2:8": "int8",
    "1:16": "uint16",
    "2:16": "int16",
    "1:32": "uint32",
    "2:32": "int32",
    "3:32": "float32",
    "3:64": "float64",
  };
  return types[key];
}

function readPage(tiff: TiffFile, ifd: number, index: number, limit: number): Page {
  const { file } = tiff;
  const tags = tiff.entries(ifd);
  const one = (tag: number, fallback?: number): number => {
    const values = tiff.numbers(tags.get(tag));
    if (values.length === 0) {
      if (fallback === undefined)
        throw tiff.error("CORRUPT_FILE", `page ${index} lacks required tag ${tag}`, `tag ${tag}`);
      return fallback;
    }
    return values[0];
  };
  const width = one(TAG.width);
  const height = one(TAG.height);
  const samples = one(TAG.samplesPerPixel, 1);
  const bitsList = tiff.numbers(tags.get(TAG.bitsPerSample));
  const bits = bitsList[0] ?? 1;
  const format = one(TAG.sampleFormat, 1);
  const compression = one(TAG.compression, 1);
  const planar = one(TAG.planar, 1);
  const predictor = one(TAG.predictor, 1);
  const photometric = one(TAG.photometric, 1);
  const dtype = pixelType(bits, format);
  if (dtype === undefined || bitsList.some((b) => b !== bits)) {
    throw new CtcError("UNSUPPORTED_DTYPE", "TIFF sample type is not supported", {
      file,
      field: `page ${index}`,
      expected: "8, 16 or 32-bit integers, 32 or 64-bit floats, the same for every sample",
      actual: `bits ${bitsList.join(",")}, sample format ${format}`,
    });
  }
  if (photometric === 6 || photometric === 3 || photometric > 5 || samples < 1) {
    throw new CtcError("UNSUPPORTED_FORMAT", "TIFF colour model is not supported", {
      file,
      field: `page ${index}`,
      expected: "grayscale, RGB or separated samples",
      actual: `photometric ${photometric}, ${samples} samples`,
    });
  }
  if (![1, 5, 8, 32946, 32773].includes(compression)) {
    throw new CtcError("UNSUPPORTED_FORMAT", "TIFF compression is not supported", {
      file,
      field: `page ${index}`,
      expected: "none (1), LZW (5), deflate (8, 32946) or PackBits (32773)",
      actual: compression,
    });
  }
  if (predictor !== 1 && !(predictor === 2 && dtype !== "float32" && dtype !== "float64")) {
    throw new CtcError("UNSUPPORTED_FORMAT", "TIFF predictor is not supported", {
      file,
      field: `page ${index}`,
      expected: "1 (none) or 2 (horizontal, integers)",
      actual: predictor,
    });
  }
  if (planar !== 1 && planar !== 2)
    throw tiff.error("CORRUPT_FILE", `planar configuration ${planar} is invalid`);
  const itemSize = bits / 8;
  checkAllocation(file, `page ${index} size`, width * height * samples * itemSize, limit);
  const tiled = tags.has(TAG.tileWidth);
  const segWidth = tiled ? one(TAG.tileWidth) : width;
  const segHeight = tiled ? one(TAG.tileLength) : Math.min(one(TAG.rowsPerStrip, height), height);
  const segSamples = planar === 1 ? samples : 1;
  if (width === 0 || height === 0) throw tiff.error("CORRUPT_FILE", `page ${index} has no pixels`);
  if (segWidth === 0 || segHeight === 0)
    throw tiff.error("CORRUPT_FILE", `page ${index} has empty strips or tiles`);
  checkAllocation(file, `page ${index} tile size`, segWidth * segHeight * segSamples * itemSize, limit);
  const across = Math.ceil(width / segWidth);
  const down = Math.ceil(height / segHeight);
  const perPlane = across * down;
  const offsets = tiff.numbers(tags.get(tiled ? TAG.tileOffsets : TAG.stripOffsets));
  const counts = tiff.numbers(tags.get(tiled ? TAG.tileByteCounts : TAG.stripByteCounts));
  const expected = perPlane * (planar === 1 ? 1 : samples);
  if (offsets.length < expected || (compression !== 1 && counts.length < expected)) {
    throw new CtcError("CORRUPT_FILE", `page ${index} lists too few ${tiled ? "tiles" : "strips"}`, {
      file,
      expected,
      actual: offsets.length,
    });
  }
  const description = tiff.text(tags.get(TAG.pageName));
  const segment = (s: number) => {
    const k = s % perPlane;
    const x0 = (k % across) * segWidth;
    const y0 = Math.floor(k / across) * segHeight;
    // Strips hold only the rows that remain; tiles are always whole.
    const rows = tiled ? segHeight : Math.min(segHeight, height - y0);
    const size = segWidth * rows * segSamples * itemSize;
    const where: SegmentWhere = { file, field: `page ${index} ${tiled ? "tile" : "strip"} ${s}` };
    return { x0, y0, rows, size, where, start: offsets[s], length: compression === 1 ? size : counts[s] };
  };
  // Run before any pixel buffer exists: every segment must lie in the file and be able to hold its size.
  const check = () => {
    for (let s = 0; s < expected; s++) {
      const { size, where, start, length } = segment(s);
      if (start + length > tiff.bytes.length) {
        throw new CtcError("TRUNCATED_FILE", "image data lies past the end of the file", {
          ...where,
          expected: `${length} bytes at ${start}`,
          actual: `file of ${tiff.bytes.length} bytes`,
        });
      }
      if (size > length * MAX_RATIO[compression]) {
        throw new CtcError("TRUNCATED_FILE", "compressed segment is too short for the pixels it must hold", {
          ...where,
          expected: `${size} bytes after decoding`,
          actual: `${length} compressed bytes`,
        });
      }
    }
  };
  const decode = (out: PixelArray, channel: number) => {
    const plane = width * height;
    for (let s = 0; s < expected; s++) {
      const sample = planar === 1 ? 0 : Math.floor(s / perPlane);
      const { x0, y0, rows, size, where, start, length } = segment(s);
      const raw = tiff.bytes.subarray(start, start + length);
      const bytes =
        compression === 1
          ? raw.slice()
          : compression === 32773
            ? unpackBits(raw, size, where)
            : compression === 5
              ? unLzw(raw, size, where)
              : unDeflate(raw, size, where);
      const values = toNative(bytes, dtype, tiff.little);
      if (predictor === 2) undoDifferencing(values, segWidth * segSamples, segSamples);
      for (let y = 0; y < rows && y0 + y < height; y++) {
        const w = Math.min(segWidth, width - x0);
        for (let c = 0; c < segSamples; c++) {
          const target = (channel + sample + c) * plane + (y0 + y) * width + x0;
          let from = y * segWidth * segSamples + c;
          for (let x = 0; x < w; x++, from += segSamples) out[target + x] = values[from];
        }
      }
    }
  };
  return { check, width, height, samples, dtype, name: description, decode };
}

function toNative(bytes: Uint8Array, dtype: PixelDType, little: boolean): PixelArray {
  const data = allocPixels(dtype, bytes.length / bytesOf(dtype));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (little === hostLittle || data.BYTES_PER_ELEMENT === 1) {
    new Uint8Array(data.buffer).set(bytes);
    return data;
  }
  const size = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < data.length; i++) {
    const at = i * size;
    data[i] =
      dtype === "uint16"
        ? view.getUint16(at, little)
        : dtype === "int16"
          ? view.getInt16(at, little)
          : dtype === "uint32"
            ? view.getUint32(at, little)
            : dtype === "int32"
              ? view.getInt32(at, little)
              : dtype === "float32"
                ? view.getFloat32(at, little)
                : view.getFloat64(at, little);
  }
  return data;
}

function undoDifferencing(values: PixelArray, rowLength: number, samples: number): void {
  // Integer typed arrays wrap on store, which is exactly the modular sum the predictor needs.
  for (let row = 0; row < values.length; row += rowLength) {
    for (let i = row + samples; i < row + rowLength; i++) values[i] += values[i - samples];
  }
}

interface ImageJInfo {
  readonly channels: number;
  readonly slices: number;
  readonly frames: number;
}

function imageJ(description: string | undefined): ImageJInfo | undefined {
  if (description === undefined || !description.startsWith("ImageJ=")) return undefined;
  const value = (key: string) => {
    const match = new RegExp(`^${key}=(\\d+)$`, "m").exec(description);
    return match === null ? 1 : Number.parseInt(match[1], 10);
  };
  return { channels: value("channels"), slices: value("slices"), frames: value("frames") };
}

/**
 * Read a TIFF or BigTIFF file as one channel stack. Every page (reduced-resolution thumbnails aside) and
 * every sample of a page becomes a channel: one page per channel, several samples per pixel (planar
 * configuration contiguous or separate), or both. Strips and tiles; no compression, LZW, deflate or
 * PackBits, with or without the horizontal predictor; either byte order; 8/16/32-bit integers and 32/64-bit
 * floats. ImageJ hyperstacks are read along their channel axis (choose `slice`/`frame` when there are
 * several). Pixel values are returned as stored (MinIsWhite images are not inverted).
 *
 * Sizes declared by the file are checked against the bytes present and against `maxBytes` before
 * anything is allocated, and every decompressor stops at the size the header declares.
 *
 * @param bytes - file contents
 * @param options - file name for errors, `maxBytes` (default {@link DEFAULT_MAX_BYTES}), channel names,
 * ImageJ slice and frame
 * @returns the stack (`pixelSizeUm` set when the file records a resolution in centimetres)
 * @throws {@link CtcError} `CORRUPT_FILE`, `TRUNCATED_FILE`, `LIMIT_EXCEEDED`, `UNSUPPORTED_FORMAT`,
 * `UNSUPPORTED_DTYPE` or `SHAPE_MISMATCH` (pages of different sizes or types), each naming the file
 * @example
 * ```ts
 * const stack = readTiff(bytes, { file: "cell.tif", channels: ["BF", "DAPI", "CK", "CD45"] });
 * ```
 */
export function readTiff(bytes: Uint8Array, options: ReadTiffOptions = {}): ChannelStack {
  const { file } = options;
  const limit = resolveLimit(file, options.maxBytes, DEFAULT_MAX_BYTES);
  const tiff = new TiffFile(bytes, file);
  let ifds = tiff.ifds();
  const firstTags = tiff.entries(ifds[0]);
  const ij = imageJ(tiff.text(firstTags.get(TAG.description)));
  ifds = ifds.filter(
    (ifd, i) => i === 0 || (tiff.numbers(tiff.entries(ifd).get(TAG.subfileType))[0] ?? 0) % 2 === 0,
  );
  if (ij !== undefined && ij.slices * ij.frames > 1) ifds = selectHyperstackPlane(ifds, ij, options);
  const pages = ifds.map((ifd, i) => readPage(tiff, ifd, i, limit));
  const { width, height, dtype } = pages[0];
  const mismatch = pages.find((p) => p.width !== width || p.height !== height || p.dtype !== dtype);
  if (mismatch !== undefined) {
    throw new CtcError(
      "SHAPE_MISMATCH",
      "pages differ in size or pixel type, so they are not channels of one image",
      {
        file,
        expected: `${width} x ${height} ${dtype}`,
        actual: `${mismatch.width} x ${mismatch.height} ${mismatch.dtype}`,
      },
    );
  }
  const count = pages.reduce((sum, p) => sum + p.samples, 0);
  checkAllocation(file, "image size", count * width * height * bytesOf(dtype), limit);
  for (const page of pages) page.check();
  const data = allocPixels(dtype, count * width * height);
  let channel = 0;
  for (const page of pages) {
    page.decode(data, channel);
    channel += page.samples;
  }
  const pageNames = pages.map((p) => p.name);
  const named =
    count === pages.length &&
    pageNames.every((n) => n !== undefined && n.length > 0) &&
    new Set(pageNames).size === pages.length;
  const channels =
    options.channels ?? (named ? (pageNames as string[]) : Array.from({ length: count }, (_, c) => `ch${c}`));
  if (channels.length !== count) {
    throw new CtcError("SHAPE_MISMATCH", "channel names do not match the channels in the file", {
      file,
      field: "channels",
      expected: count,
      actual: channels.length,
    });
  }
  const pixelSizeUm = resolution(tiff, firstTags);
  return createStack(data, { channels, height, width, pixelSizeUm });
}

function bytesOf(dtype: PixelDType): number {
  return dtype === "float64" ? 8 : dtype.endsWith("8") ? 1 : dtype.endsWith("16") ? 2 : 4;
}

function resolution(tiff: TiffFile, tags: Map<number, Entry>): number | undefined {
  const unit = tiff.numbers(tags.get(TAG.resolutionUnit))[0];
  const perCm = tiff.numbers(tags.get(TAG.xResolution))[0];
  // Only centimetres: the inch default (72 dpi) that most writers fill in says nothing about the sample.
  return unit === 3 && perCm > 0 && Number.isFinite(perCm) ? 1e4 / perCm : undefined;
}

function selectHyperstackPlane(ifds: number[], ij: ImageJInfo, options: ReadTiffOptions): number[] {
  const { file } = options;
  const pick = (value: number | undefined, size: number, field: "slice" | "frame"): number => {
    if (size === 1 && (value ?? 0) === 0) return 0;
    if (value === undefined || !Number.isInteger(value) || value < 0 || value >= size) {
      throw new CtcError(
        "INVALID_ARGUMENT",
        `ImageJ hyperstack has ${size} ${field}s; choose one with the "${field}" option`,
        {
          file,
          field,
          expected: `0 to ${size - 1}`,
          actual: value,
        },
      );
    }
    return value;
  };
  const z = pick(options.slice, ij.slices, "slice");
  const t = pick(options.frame, ij.frames, "frame");
  const first = (t * ij.slices + z) * ij.channels;
  if (first + ij.channels > ifds.length) {
    throw new CtcError("CORRUPT_FILE", "ImageJ description lists more images than the file holds", {
      file,
      expected: ij.channels * ij.slices * ij.frames,
      actual: ifds.length,
    });
  }
  return ifds.slice(first, first + ij.channels);
}
