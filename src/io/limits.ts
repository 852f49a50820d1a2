import { CtcError } from "../core/errors";

/**
 * Default cap, in bytes, on what one reader call may allocate for decoded data: 512 MiB. Large enough
 * for a whole-slide field or an NPZ of tens of thousands of cells, small enough that a hostile header
 * fails fast instead of exhausting memory. Raise it with the `maxBytes` option.
 */
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/** Options every bytes-in reader accepts. */
export interface ReadOptions {
  /** Name of the file the bytes came from; every error message names it. */
  readonly file?: string;
  /** Most bytes the decoded data may take; defaults to {@link DEFAULT_MAX_BYTES}. */
  readonly maxBytes?: number;
}

/**
 * Resolve and validate a byte limit option.
 *
 * @param file - file name for the error
 * @param value - the caller's limit, if any
 * @param fallback - the default limit
 * @returns the limit to apply
 * @throws {@link CtcError} `INVALID_ARGUMENT` when the limit is not a positive number
 */
export function resolveLimit(file: string | undefined, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) {
    throw new CtcError("INVALID_ARGUMENT", "a size limit must be a positive number", {
      file,
      field: "maxBytes",
      actual: value,
    });
  }
  return value;
}

/**
 * Refuse an allocation the data itself declares, before making it.
 *
 * @param file - file name for the error
 * @param field - which header field declared the size
 * @param bytes - bytes the declared data would take
 * @param limit - most bytes allowed
 * @throws {@link CtcError} `LIMIT_EXCEEDED` when `bytes` is over `limit` (or not a safe integer)
 */
export function checkAllocation(file: string | undefined, field: string, bytes: number, limit: number): void {
  if (!Number.isSafeInteger(bytes) || bytes > limit) {
    throw new CtcError("LIMIT_EXCEEDED", `declared data size ${bytes} bytes is over the limit`, {
      file,
      field,
      expected: `<= ${limit} bytes (raise maxBytes to allow more)`,
      actual: bytes,
    });
  }
}
