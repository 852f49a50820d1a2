import { Inflate, inflateSync } from "fflate";
import { CtcError } from "../core/errors";

/*
 * Input is fed in slices because one DEFLATE byte can expand to about 1,000 output bytes: a slice of
 * 16 KiB bounds what a single step can produce to about 16 MiB before the size check runs again.
 */
const SLICE = 16 * 1024;

/**
 * Most bytes one byte of DEFLATE data can decode to (a run of 258 bytes costs at least 2 bits); used to
 * refuse declared sizes that the compressed bytes present could never produce, before allocating.
 */
export const MAX_DEFLATE_RATIO = 1032;

/** Thrown inside the inflate callback to stop early once a lenient caller has all it needs. */
const ENOUGH = Symbol("enough");

/**
 * Inflate a raw DEFLATE stream whose decoded size is known in advance, never holding more than that
 * size (plus one slice of overshoot) in memory, whatever the stream claims.
 *
 * @param data - raw DEFLATE bytes (no zlib or gzip wrapper)
 * @param size - exact number of decoded bytes expected
 * @param where - file and field (entry, strip) named by errors
 * @param where.file - file name
 * @param where.field - part of the file being decoded
 * @param surplus - `"error"` (default) refuses a stream that decodes to more than `size` bytes;
 * `"ignore"` stops decoding there (TIFF writers may pad the last strip)
 * @returns exactly `size` decoded bytes
 * @throws {@link CtcError} `CORRUPT_FILE` when the stream is invalid, or decodes to fewer bytes (or more,
 * unless `surplus` is `"ignore"`)
 */
export function inflateExact(
  data: Uint8Array,
  size: number,
  where: { file?: string; field?: string },
  surplus: "error" | "ignore" = "error",
): Uint8Array {
  // One-shot decoding into a fixed buffer is about twice as fast as streaming, but runs to the end of
  // the stream (writes past the buffer are dropped), so it is used only where that work is small.
  if (data.length * MAX_DEFLATE_RATIO <= 8 * size + 16 * 1024 * 1024)
    return inflateOnce(data, size, where, surplus);
  const out = new Uint8Array(size);
  let filled = 0;
  let done = false;
  const tooLong = () =>
    new CtcError("CORRUPT_FILE", "compressed data decodes to more bytes than declared", {
      ...where,
      expected: size,
      actual: `more than ${size}`,
    });
  const inflater = new Inflate((chunk, final) => {
    if (filled + chunk.length > size) {
      if (surplus === "error") throw tooLong();
      out.set(chunk.subarray(0, size - filled), filled);
      filled = size;
      throw ENOUGH;
    }
    out.set(chunk, filled);
    filled += chunk.length;
    if (final) done = true;
  });
  try {
    for (let at = 0; at < data.length && !done; at += SLICE) {
      const end = Math.min(at + SLICE, data.length);
      inflater.push(data.subarray(at, end), end === data.length);
    }
  } catch (error) {
    if (error === ENOUGH) return out;
    if (error instanceof CtcError) throw error;
    throw new CtcError("CORRUPT_FILE", "compressed data is invalid", {
      ...where,
      actual: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
  if (filled !== size) {
    throw new CtcError("CORRUPT_FILE", "compressed data decodes to fewer bytes than declared", {
      ...where,
      expected: size,
      actual: filled,
    });
  }
  return out;
}

function inflateOnce(
  data: Uint8Array,
  size: number,
  where: { file?: string; field?: string },
  surplus: "error" | "ignore",
): Uint8Array {
  let out: Uint8Array;
  try {
    // One spare byte tells "decodes to more than declared" apart from "exactly declared".
    out = inflateSync(data, { out: new Uint8Array(size + 1) });
  } catch (error) {
    throw new CtcError("CORRUPT_FILE", "compressed data is invalid", {
      ...where,
      actual: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
  if (out.length > size && surplus === "error") {
    throw new CtcError("CORRUPT_FILE", "compressed data decodes to more bytes than declared", {
      ...where,
      expected: size,
      actual: `more than ${size}`,
    });
  }
  if (out.length < size) {
    throw new CtcError("CORRUPT_FILE", "compressed data decodes to fewer bytes than declared", {
      ...where,
      expected: size,
      actual: out.length,
    });
  }
  return out.slice(0, size);
}
