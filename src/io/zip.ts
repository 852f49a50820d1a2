import { deflateSync } from "fflate";
import { concatBytes } from "../core/bytes";
import { CtcError } from "../core/errors";
import { crc32 } from "./crc32";
import { inflateExact, MAX_DEFLATE_RATIO } from "./inflate";

/** Safety limits for {@link readZip}. Every size is checked against the headers before inflating. */
export interface ZipLimits {
  /** Most bytes one entry may decode to. Default {@link DEFAULT_ZIP_LIMITS}`.maxEntryBytes`. */
  readonly maxEntryBytes?: number;
  /** Most bytes all entries together may decode to. Default {@link DEFAULT_ZIP_LIMITS}`.maxTotalBytes`. */
  readonly maxTotalBytes?: number;
  /** Most entries the archive may list. Default {@link DEFAULT_ZIP_LIMITS}`.maxEntries`. */
  readonly maxEntries?: number;
}

/** Options for {@link readZip}. */
export interface ReadZipOptions extends ZipLimits {
  /** Name of the archive; every error names it (and the entry). */
  readonly file?: string;
}

/**
 * Default zip limits: 512 MiB per entry, 1 GiB in all, 100,000 entries. They stop decompression bombs
 * (a 1 GB entry that compresses to 1 MB) while leaving room for an NPZ of tens of thousands of cells.
 */
export const DEFAULT_ZIP_LIMITS: Readonly<Required<ZipLimits>> = Object.freeze({
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxEntries: 100_000,
});

/** Options for {@link writeZip}. */
export interface WriteZipOptions {
  /** DEFLATE level 0 (store) to 9; default 6. Level 0 writes entries stored, as NumPy's `savez` does. */
  readonly level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const END64 = 0x06064b50;
const END64_LOCATOR = 0x07064b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/**
 * Check that an archive entry name stays inside the folder it is extracted to. Zip names always use
 * forward slashes; a backslash, a drive letter or a leading slash means the name was made to be
 * interpreted by some other path syntax, so those are refused even when they would be harmless here.
 *
 * @param name - the entry name as stored
 * @param file - archive name for the error
 * @throws {@link CtcError} `UNSAFE_PATH` when the name is empty, absolute, uses `\\` or a drive letter,
 * contains a NUL, or has a `..` segment
 */
export function checkEntryName(name: string, file?: string): void {
  const segments = name.split("/");
  const unsafe =
    name.length === 0 ||
    name.startsWith("/") ||
    name.includes("\\") ||
    name.includes("\0") ||
    /^[A-Za-z]:/.test(name) ||
    segments.includes("..");
  if (unsafe) {
    throw new CtcError("UNSAFE_PATH", `archive entry name "${name}" escapes its folder`, {
      file,
      field: name,
      expected: "a relative path with '/' separators and no '..' segment",
      actual: name,
    });
  }
}

interface EntryRecord {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

function u64(view: DataView, at: number, file: string | undefined, field: string): number {
  const value = view.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new CtcError("CORRUPT_FILE", "zip64 size or offset is impossibly large", {
      file,
      field,
      actual: value.toString(),
    });
  }
  return Number(value);
}

function findEnd(bytes: Uint8Array, view: DataView, file: string | undefined): number {
  if (bytes.length === 0)
    throw new CtcError("CORRUPT_FILE", "file is empty", { file, expected: "a zip archive" });
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, so it is found near the end.
  const stop = Math.max(0, bytes.length - 22 - MAX16);
  for (let at = bytes.length - 22; at >= stop; at--) {
    if (view.getUint32(at, true) === END) return at;
  }
  const looksLikeZip = bytes.length >= 4 && view.getUint32(0, true) === LOCAL;
  throw new CtcError(
    looksLikeZip ? "TRUNCATED_FILE" : "CORRUPT_FILE",
    looksLikeZip ? "zip archive has no end record (file cut short?)" : "not a zip archive",
    { file, expected: "zip end-of-central-directory record", actual: "none found" },
  );
}

function readDirectory(
  bytes: Uint8Array,
  file: string | undefined,
  limits: Required<ZipLimits>,
): { entries: EntryRecord[]; directoryStart: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(bytes, view, file);
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0) {
    throw new CtcError("UNSUPPORTED_FORMAT", "multi-volume zip archives are not supported", { file });
  }
  let count = view.getUint16(end + 10, true);
  let directorySize = view.getUint32(end + 12, true);
  let directoryStart = view.getUint32(end + 16, true);
  if (count === MAX16 || directorySize === MAX32 || directoryStart === MAX32) {
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== END64_LOCATOR) {
      throw new CtcError("CORRUPT_FILE", "zip64 end-of-directory locator missing", { file });
    }
    const end64 = u64(view, locator + 8, file, "zip64 end record offset");
    if (end64 + 56 > locator || view.getUint32(end64, true) !== END64) {
      throw new CtcError("CORRUPT_FILE", "zip64 end-of-directory record missing", { file });
    }
    count = u64(view, end64 + 32, file, "entry count");
    directorySize = u64(view, end64 + 40, file, "directory size");
    directoryStart = u64(view, end64 + 48, file, "directory offset");
  }
  if (count > limits.maxEntries) {
    throw new CtcError("LIMIT_EXCEEDED", "zip archive lists too many entries", {
      file,
      field: "entry count",
      expected: `<= ${limits.maxEntries} (raise maxEntries to allow more)`,
      actual: count,
    });
  }
  if (directoryStart + directorySize > end) {
    throw new CtcError("TRUNCATED_FILE", "zip central directory lies outside the file", {
      file,
      expected: `directory ending by byte ${end}`,
      actual: directoryStart + directorySize,
    });
  }
  const entries: EntryRecord[] = [];
  const decoder = new TextDecoder();
  let at = directoryStart;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) {
      throw new CtcError("CORRUPT_FILE", `zip central directory record ${i} is invalid`, { file });
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let offset = view.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > end)
      throw new CtcError("CORRUPT_FILE", `zip central directory record ${i} overruns`, { file });
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const entryWhere = { file, field: `entry "${name}"` };
    checkEntryName(name, file);
    // Zip64 extra field: each 8-byte value is present only where the 32-bit field is saturated.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = view.getUint16(x, true);
      const length = view.getUint16(x + 2, true);
      if (id === 1) {
        let y = x + 4;
        const stop = y + length;
        if (size === MAX32 && y + 8 <= stop) {
          size = u64(view, y, file, "size");
          y += 8;
        }
        if (compressedSize === MAX32 && y + 8 <= stop) {
          compressedSize = u64(view, y, file, "compressed size");
          y += 8;
        }
        if (offset === MAX32 && y + 8 <= stop) offset = u64(view, y, file, "offset");
      }
      x += 4 + length;
    }
    at = next;
    if (name.endsWith("/")) continue;
    if (flags & 1) {
      throw new CtcError("UNSUPPORTED_FORMAT", "encrypted zip entries are not supported", entryWhere);
    }
    if (method !== 0 && method !== 8) {
      throw new CtcError("UNSUPPORTED_FORMAT", "zip compression method is not supported", {
        ...entryWhere,
        expected: "0 (stored) or 8 (deflate)",
        actual: method,
      });
    }
    if (size > limits.maxEntryBytes) {
      throw new CtcError("LIMIT_EXCEEDED", "zip entry declares too many bytes", {
        ...entryWhere,
        expected: `<= ${limits.maxEntryBytes} bytes (raise maxEntryBytes to allow more)`,
        actual: size,
      });
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new CtcError("LIMIT_EXCEEDED", "zip entries together declare too many bytes", {
        ...entryWhere,
        expected: `<= ${limits.maxTotalBytes} bytes (raise maxTotalBytes to allow more)`,
        actual: total,
      });
    }
    if (entries.some((entry) => entry.name === name)) {
      throw new CtcError("CORRUPT_FILE", "zip archive lists the same entry twice", entryWhere);
    }
    entries.push({ name, method, crc, compressedSize, size, offset });
  }
  return { entries, directoryStart };
}

function extract(bytes: Uint8Array, entry: EntryRecord, directoryStart: number, file?: string): Uint8Array {
  const where = { file, field: `entry "${entry.name}"` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (entry.offset + 30 > directoryStart || view.getUint32(entry.offset, true) !== LOCAL) {
    throw new CtcError("CORRUPT_FILE", "zip local header is missing", { ...where, actual: entry.offset });
  }
  const start =
    entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  if (start + entry.compressedSize > directoryStart) {
    throw new CtcError("TRUNCATED_FILE", "zip entry data runs past the end of the entries", {
      ...where,
      expected: `${entry.compressedSize} bytes from offset ${start}`,
      actual: `${Math.max(0, directoryStart - start)} bytes`,
    });
  }
  if (entry.method === 8 && entry.size > (entry.compressedSize + 1) * MAX_DEFLATE_RATIO) {
    throw new CtcError("CORRUPT_FILE", "zip entry declares more bytes than its compressed data can hold", {
      ...where,
      expected: `<= ${(entry.compressedSize + 1) * MAX_DEFLATE_RATIO}`,
      actual: entry.size,
    });
  }
  const raw = bytes.subarray(start, start + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) {
      throw new CtcError("CORRUPT_FILE", "stored zip entry sizes disagree", {
        ...where,
        expected: entry.size,
        actual: entry.compressedSize,
      });
    }
    data = raw.slice();
  } else {
    data = inflateExact(raw, entry.size, where);
  }
  const crc = crc32(data);
  if (crc !== entry.crc) {
    throw new CtcError("CORRUPT_FILE", "zip entry CRC-32 does not match its data", {
      ...where,
      expected: entry.crc.toString(16).padStart(8, "0"),
      actual: crc.toString(16).padStart(8, "0"),
    });
  }
  return data;
}

/**
 * Read every file in a zip archive, safely: sizes declared in the central directory are checked against
 * the limits before anything is inflated, inflation stops as soon as an entry exceeds its declared size
 * (headers can lie), entry names that could escape their folder are refused, and every CRC-32 is
 * verified. Stored and deflated entries, zip64 and UTF-8 names are supported; folders are skipped.
 *
 * @param bytes - the archive
 * @param options - file name for errors and limits (defaults in {@link DEFAULT_ZIP_LIMITS})
 * @returns entry name to decoded bytes, in central-directory order
 * @throws {@link CtcError} `CORRUPT_FILE` (not a zip, bad CRC, invalid data), `TRUNCATED_FILE`,
 * `LIMIT_EXCEEDED`, `UNSAFE_PATH` or `UNSUPPORTED_FORMAT` (encryption, other methods), naming file and entry
 * @example
 * ```ts
 * const files = readZip(bytes, { file: "model.zip", maxEntryBytes: 200e6 });
 * const manifest = new TextDecoder().decode(files.get("manifest.json"));
 * ```
 */
export function readZip(bytes: Uint8Array, options: ReadZipOptions = {}): Map<string, Uint8Array> {
  const { file } = options;
  const limits: Required<ZipLimits> = {
    maxEntryBytes: positive(options.maxEntryBytes, DEFAULT_ZIP_LIMITS.maxEntryBytes, "maxEntryBytes", file),
    maxTotalBytes: positive(options.maxTotalBytes, DEFAULT_ZIP_LIMITS.maxTotalBytes, "maxTotalBytes", file),
    maxEntries: positive(options.maxEntries, DEFAULT_ZIP_LIMITS.maxEntries, "maxEntries", file),
  };
  const { entries, directoryStart } = readDirectory(bytes, file, limits);
  const out = new Map<string, Uint8Array>();
  for (const entry of entries) out.set(entry.name, extract(bytes, entry, directoryStart, file));
  return out;
}

function positive(value: number | undefined, fallback: number, field: string, file?: string): number {
  if (value === undefined) return fallback;
  if (!(value >= 0)) {
    throw new CtcError("INVALID_ARGUMENT", "a zip limit must be a non-negative number", {
      file,
      field,
      actual: value,
    });
  }
  return value;
}

/**
 * Write a zip archive. The output depends only on the entries and options (fixed 1980-01-01 timestamps,
 * entries in the given order), so the same input always gives the same bytes. Names are stored as UTF-8.
 *
 * @param entries - entry name to bytes, in the order to write (a `Map` or a plain object)
 * @param options - compression level
 * @returns the archive bytes
 * @throws {@link CtcError} `UNSAFE_PATH` for a name {@link readZip} would refuse; `LIMIT_EXCEEDED` when the
 * archive would need zip64 (4 GiB or 65,535 entries)
 */
export function writeZip(
  entries: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>,
  options: WriteZipOptions = {},
): Uint8Array {
  const level = options.level ?? 6;
  const list = entries instanceof Map ? [...entries] : Object.entries(entries);
  if (list.length >= MAX16) {
    throw new CtcError("LIMIT_EXCEEDED", "too many zip entries for a non-zip64 archive", {
      expected: `< ${MAX16}`,
      actual: list.length,
    });
  }
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of list) {
    checkEntryName(name);
    const nameBytes = encoder.encode(name);
    const packed = level === 0 ? data : deflateSync(data, { level });
    // Keep an entry stored when deflate does not pay, as zip tools do.
    const method = level !== 0 && packed.length < data.length ? 8 : 0;
    const body = method === 8 ? packed : data;
    const crc = crc32(data);
    if (offset + body.length + 30 + nameBytes.length > MAX32 || data.length >= MAX32) {
      throw new CtcError("LIMIT_EXCEEDED", "zip archive would need zip64", {
        field: `entry "${name}"`,
        expected: "< 4 GiB",
      });
    }
    const header = (size: number, signature: number) => {
      const out = new Uint8Array(size + nameBytes.length);
      const view = new DataView(out.buffer);
      view.setUint32(0, signature, true);
      return { out, view };
    };
    const local = header(30, LOCAL);
    const fields = (view: DataView, at: number) => {
      view.setUint16(at, 20, true); // version needed: 2.0 (deflate)
      view.setUint16(at + 2, 0x0800, true); // UTF-8 names
      view.setUint16(at + 4, method, true);
      view.setUint16(at + 6, 0, true); // 00:00:00
      view.setUint16(at + 8, 0x21, true); // 1980-01-01
      view.setUint32(at + 10, crc, true);
      view.setUint32(at + 14, body.length, true);
      view.setUint32(at + 18, data.length, true);
      view.setUint16(at + 22, nameBytes.length, true);
    };
    fields(local.view, 4);
    local.out.set(nameBytes, 30);
    const record = header(46, CENTRAL);
    record.view.setUint16(4, 20, true); // version made by
    fields(record.view, 6);
    record.view.setUint32(42, offset, true);
    record.out.set(nameBytes, 46);
    parts.push(local.out, body);
    central.push(record.out);
    offset += local.out.length + body.length;
  }
  const directorySize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, END, true);
  view.setUint16(8, list.length, true);
  view.setUint16(10, list.length, true);
  view.setUint32(12, directorySize, true);
  view.setUint32(16, offset, true);
  return concatBytes([...parts, ...central, end]);
}
