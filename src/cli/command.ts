import type { ProgressStream } from "./progress";

/** Value types an option can take. */
export type OptionType = "string" | "boolean";

/** One option of a subcommand. */
export interface OptionSpec {
  /** `string` takes a value, `boolean` is a flag. */
  readonly type: OptionType;
  /** One-letter alias. */
  readonly short?: string;
  /** Whether it may be given several times. */
  readonly multiple?: boolean;
  /** Placeholder shown in help (e.g. `FILE`). */
  readonly value?: string;
  /** One-line description for help. */
  readonly description: string;
  /** Default value shown in help. */
  readonly default?: string | boolean;
}

/** What a command receives: its parsed options and positionals, and where to write. */
export interface CommandContext {
  /** Parsed option values by name. */
  readonly options: Readonly<Record<string, string | boolean | string[] | undefined>>;
  /** Positional arguments. */
  readonly positionals: readonly string[];
  /** Standard output (results). */
  readonly stdout: ProgressStream;
  /** Standard error (progress, messages). */
  readonly stderr: ProgressStream;
  /** Cancelled on SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  /** Working directory. */
  readonly cwd: string;
}

/** A subcommand of `ctc`. */
export interface Command {
  /** Name as typed (may contain a space, e.g. `model info`). */
  readonly name: string;
  /** One-line summary. */
  readonly summary: string;
  /** Usage line after `ctc <name>`. */
  readonly usage: string;
  /** Options by long name. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Example invocations for help. */
  readonly examples: readonly string[];
  /** Run the command; resolves to an exit code. */
  run(context: CommandContext): Promise<number>;
}
