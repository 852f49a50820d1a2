/**
 * Stable machine-readable codes for every failure the library raises.
 *
 * Codes are part of the public API: they never change meaning once released, so callers can branch on
 * them (`if (err.code === "MISSING_CHANNEL")`) instead of parsing messages.
 */
export type CtcErrorCode =
  /** An argument has the wrong type, range or form. */
  | "INVALID_ARGUMENT"
  /** Array sizes or shapes do not agree with each other or with what was declared. */
  | "SHAPE_MISMATCH"
  /** A channel requested by name is not present. */
  | "MISSING_CHANNEL"
  /** Pixel data contains NaN or an infinity. */
  | "NON_FINITE"
  /** A pixel type (dtype) is not supported by the operation. */
  | "UNSUPPORTED_DTYPE"
  /** A file format, or a variant of one, is not supported. */
  | "UNSUPPORTED_FORMAT"
  /** A file is not what it claims to be, or its contents contradict each other. */
  | "CORRUPT_FILE"
  /** A file ends before the data its header declares. */
  | "TRUNCATED_FILE"
  /** A declared size exceeds a safety limit (decompression bombs, absurd headers). */
  | "LIMIT_EXCEEDED"
  /** An archive entry's path escapes its folder. */
  | "UNSAFE_PATH"
  /** A JSON spec (preprocessing, augmentation, bundle) is malformed. */
  | "INVALID_SPEC"
  /** A model's inputs or outputs do not match its description or the data. */
  | "MODEL_MISMATCH"
  /** A model or model bundle is invalid (bad checksum, missing file, unreadable graph). */
  | "MODEL_INVALID"
  /** The ONNX runtime reported an error. */
  | "RUNTIME_ERROR"
  /** Work was cancelled through an `AbortSignal`. */
  | "ABORTED"
  /** Reading or writing a file failed at the operating-system level. */
  | "IO_ERROR";

/** Context attached to a {@link CtcError}: what was being read, which field, what was expected. */
export interface CtcErrorDetails {
  /** File (or archive entry) being processed. */
  readonly file?: string;
  /** Field, option, step or header entry at fault. */
  readonly field?: string;
  /** What the library expected. */
  readonly expected?: unknown;
  /** What it found instead. */
  readonly actual?: unknown;
  /** Index of the cell in a batch or stream. */
  readonly cell?: number;
  /** Channel name at fault. */
  readonly channel?: string;
  /** Underlying error, if any. */
  readonly cause?: unknown;
}

function describe(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The one error class the library throws. `code` is stable; the message names the file, the field and
 * what was expected, in one line, so it can be shown to a user as is.
 */
export class CtcError extends Error {
  /** Stable code of the failure. */
  readonly code: CtcErrorCode;
  /** File (or archive entry) being processed. */
  readonly file?: string;
  /** Field, option, step or header entry at fault. */
  readonly field?: string;
  /** What the library expected. */
  readonly expected?: unknown;
  /** What it found instead. */
  readonly actual?: unknown;
  /** Index of the cell in a batch or stream. */
  readonly cell?: number;
  /** Channel name at fault. */
  readonly channel?: string;
  /** What went wrong, without the location and expectation that `message` adds around it. */
  readonly reason: string;

  /**
   * @param code - stable failure code
   * @param message - what went wrong, in words
   * @param details - where it went wrong and what was expected
   */
  constructor(code: CtcErrorCode, message: string, details: CtcErrorDetails = {}) {
    const where = [
      details.file,
      details.cell !== undefined ? `cell ${details.cell}` : undefined,
      details.channel !== undefined ? `channel "${details.channel}"` : undefined,
      details.field,
    ].filter((part) => part !== undefined);
    const wanted =
      details.expected !== undefined || details.actual !== undefined
        ? ` (expected ${describe(details.expected)}, got ${describe(details.actual)})`
        : "";
    super(`${where.length > 0 ? `${where.join(": ")}: ` : ""}${message}${wanted}`, {
      cause: details.cause,
    });
    this.name = "CtcError";
    this.code = code;
    this.reason = message;
    this.file = details.file;
    this.field = details.field;
    this.expected = details.expected;
    this.actual = details.actual;
    this.cell = details.cell;
    this.channel = details.channel;
  }
}

/**
 * Whether a value is a {@link CtcError}, optionally with a given code.
 *
 * @param value - anything caught
 * @param code - the code to match, if any
 * @returns true when `value` is a CtcError (with that code)
 */
export function isCtcError(value: unknown, code?: CtcErrorCode): value is CtcError {
  return value instanceof CtcError && (code === undefined || value.code === code);
}

/**
 * The same failure told from further out: an error raised deep inside (say, for "cell 3" of a batch)
 * re-addressed to where the caller knows it came from (the file, the cell's index in that file). Every
 * other detail is kept, and the original becomes the cause.
 *
 * @param error - the library error
 * @param where - the location to report instead
 * @returns a new error with the same code, reason, field, channel and expectation
 */
export function relocateError(error: CtcError, where: Pick<CtcErrorDetails, "file" | "cell">): CtcError {
  return new CtcError(error.code, error.reason, {
    file: where.file ?? error.file,
    cell: where.cell,
    field: error.field,
    channel: error.channel,
    expected: error.expected,
    actual: error.actual,
    cause: error,
  });
}
