import { isCtcError } from "../core/errors";

/** Exit codes of the `ctc` command, documented in its `--help`. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Bad command line: unknown command or option, missing argument. */
  usage: 1,
  /** An input file is missing, unreadable, corrupt or of the wrong shape. */
  input: 2,
  /** The model is missing, invalid or does not fit the data. */
  model: 3,
  /** The ONNX runtime or another dependency failed. */
  runtime: 4,
  /** Interrupted (Ctrl-C or a signal); `--resume` continues. */
  interrupted: 130,
} as const;

/** A mistake on the command line; exits with {@link EXIT}.usage. */
export class UsageError extends Error {
  /**
   * @param message - what is wrong, in one line
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * The exit code for an error thrown by a command.
 *
 * @param error - anything thrown
 * @returns the process exit code
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (!isCtcError(error)) return EXIT.runtime;
  switch (error.code) {
    case "MODEL_INVALID":
    case "MODEL_MISMATCH":
      return EXIT.model;
    case "RUNTIME_ERROR":
      return EXIT.runtime;
    case "ABORTED":
      return EXIT.interrupted;
    case "INVALID_ARGUMENT":
    case "INVALID_SPEC":
      return error.file === undefined ? EXIT.usage : EXIT.input;
    default:
      return EXIT.input;
  }
}
