import { CtcError } from "../core/errors";
import { inflateExact } from "./inflate";

/** Where a segment comes from, for error messages. */
export interface SegmentWhere {
  /** File name. */
  readonly file?: string;
  /** Strip or tile being decoded. */
  readonly field?: string;
}

/**
 * Decode a PackBits (Macintosh run-length) segment into exactly `size` bytes. Runs that would write past
 * the end are cut short, so the output never exceeds `size` whatever the data says.
 *
 * @param data - compressed bytes
 * @param size - decoded bytes expected
 * @param where - file and segment for errors
 * @returns `size` bytes
 * @throws {@link CtcError} `CORRUPT_FILE` when the data ends before `size` bytes are produced
 */
export function unpackBits(data: Uint8Array, size: number, where: SegmentWhere): Uint8Array {
  const out = new Uint8Array(size);
  let from = 0;
  let to = 0;
  while (to < size && from < data.length) {
    const n = (data[from++] << 24) >> 24;
    if (n >= 0) {
      const count = Math.min(n + 1, size - to, data.length - from);
      out.set(data.subarray(from, from + count), to);
      from += n + 1;
      to += count;
    } else if (n !== -128) {
      if (from >= data.length) break;
      const count = Math.min(1 - n, size - to);
      out.fill(data[from++], to, to + count);
      to += count;
    }
  }
  if (to < size) {
    throw new CtcError("CORRUPT_FILE", "PackBits data ends early", { ...where, expected: size, actual: to });
  }
  return out;
}

/**
 * Decode a TIFF LZW segment (MSB-first codes of 9 to 12 bits with the "early change" of TIFF 6.0) into
 * exactly `size` bytes; decoding stops once `size` bytes exist, so memory stays bounded.
 *
 * @param data - compressed bytes
 * @param size - decoded bytes expected
 * @param where - file and segment for errors
 * @returns `size` bytes
 * @throws {@link CtcError} `CORRUPT_FILE` for invalid codes or data that ends early;
 * `UNSUPPORTED_FORMAT` for the pre-6.0 (LSB-first) LZW variant
 */
export function unLzw(data: Uint8Array, size: number, where: SegmentWhere): Uint8Array {
  if (data.length >= 2 && data[0] === 0 && data[1] & 1) {
    throw new CtcError("UNSUPPORTED_FORMAT", "old-style (LSB-first) TIFF LZW is not supported", where);
  }
  const out = new Uint8Array(size);
  // Each table entry is (prefix code, last byte, string length, first byte); strings are rebuilt
  // backwards from the prefix chain, so no per-entry arrays are allocated.
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Uint32Array(4096);
  const first = new Uint8Array(4096);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    length[i] = 1;
    first[i] = i;
    prefix[i] = -1;
  }
  let next = 258;
  let width = 9;
  let previous = -1;
  let bitPos = 0;
  let to = 0;
  const totalBits = data.length * 8;
  const bad = (why: string) => new CtcError("CORRUPT_FILE", `LZW data is invalid: ${why}`, where);
  while (to < size) {
    if (bitPos + width > totalBits) break;
    // A 12-bit code spans at most three bytes; reads past the end give undefined, i.e. zero bits.
    const byte = bitPos >> 3;
    const window = (data[byte] << 16) | ((data[byte + 1] ?? 0) << 8) | (data[byte + 2] ?? 0);
    const code = (window >> (24 - (bitPos & 7) - width)) & ((1 << width) - 1);
    bitPos += width;
    if (code === 257) break;
    if (code === 256) {
      next = 258;
      width = 9;
      previous = -1;
      continue;
    }
    let entry: number;
    if (code < next && (code < 256 || code >= 258)) {
      entry = code;
      if (previous >= 0 && next < 4096) {
        prefix[next] = previous;
        suffix[next] = first[code];
        length[next] = length[previous] + 1;
        first[next] = first[previous];
        next++;
      }
    } else if (code === next && previous >= 0 && next < 4096) {
      prefix[next] = previous;
      suffix[next] = first[previous];
      length[next] = length[previous] + 1;
      first[next] = first[previous];
      entry = next++;
    } else {
      throw bad(`code ${code} is not yet defined`);
    }
    const n = length[entry];
    let at = to + n - 1;
    for (let c = entry; c >= 0; c = prefix[c], at--) if (at < size) out[at] = suffix[c];
    to += n;
    previous = entry;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  if (to < size) throw bad(`it ends after ${Math.min(to, size)} of ${size} bytes`);
  return out;
}

/**
 * Decode a zlib-wrapped DEFLATE segment (TIFF compression 8 or 32946) into exactly `size` bytes,
 * bounded in memory; a stream that decodes to more is cut at `size`.
 *
 * @param data - zlib stream
 * @param size - decoded bytes expected
 * @param where - file and segment for errors
 * @returns `size` bytes
 * @throws {@link CtcError} `CORRUPT_FILE` for a bad zlib header or invalid or short data
 */
export function unDeflate(data: Uint8Array, size: number, where: SegmentWhere): Uint8Array {
  if (data.length < 2 || (data[0] & 0x0f) !== 8 || ((data[0] << 8) | data[1]) % 31 !== 0 || data[1] & 0x20) {
    throw new CtcError("CORRUPT_FILE", "deflate segment has no valid zlib header", where);
  }
  return inflateExact(data.subarray(2), size, where, "ignore");
}
