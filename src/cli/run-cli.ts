import { parseArgs } from "node:util";
import type { Command, CommandContext } from "./command";
import { EXIT, exitCodeFor, UsageError } from "./exit-codes";
import { commandHelp, mainHelp } from "./help";
import type { ProgressStream } from "./progress";

/** The process surroundings a CLI run uses, injectable for tests. */
export interface CliEnvironment {
  /** Standard output. */
  readonly stdout: ProgressStream;
  /** Standard error. */
  readonly stderr: ProgressStream;
  /** Working directory. */
  readonly cwd: string;
  /** Cancelled when the user interrupts. */
  readonly signal: AbortSignal;
}

function findCommand(commands: readonly Command[], argv: readonly string[]): [Command, string[]] | undefined {
  // Two-word commands ("model info") win over one-word ones.
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    const command = commands.find((c) => c.name === name);
    if (command) return [command, argv.slice(words)];
  }
  return undefined;
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, " ");
}

/**
 * Run the `ctc` command line: dispatch to a command, print help, and turn every failure into one line on
 * stderr and a documented exit code. Never calls `process.exit` (the binary does).
 *
 * @param argv - arguments after the program name
 * @param commands - the registered commands
 * @param version - package version
 * @param env - output streams, working directory and cancellation signal
 * @returns the exit code
 */
export async function runCli(
  argv: readonly string[],
  commands: readonly Command[],
  version: string,
  env: CliEnvironment,
): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    env.stdout.write(mainHelp(commands, version));
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  if (argv[0] === "--version" || argv[0] === "-V") {
    env.stdout.write(`${version}\n`);
    return EXIT.ok;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    env.stderr.write(`ctc: unknown command "${argv[0]}" (see ctc --help)\n`);
    return EXIT.usage;
  }
  const [command, rest] = found;
  if (rest.includes("--help") || rest.includes("-h")) {
    env.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  try {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: Object.fromEntries(
          // parseArgs rejects keys that are present but undefined, so only set what the spec sets.
          Object.entries(command.options).map(([name, spec]) => [
            name,
            {
              type: spec.type,
              ...(spec.short ? { short: spec.short } : {}),
              ...(spec.multiple ? { multiple: true } : {}),
            },
          ]),
        ),
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError(`${oneLine(error)} (see ctc ${command.name} --help)`);
    }
    const context: CommandContext = {
      options: parsed.values as CommandContext["options"],
      positionals: parsed.positionals,
      stdout: env.stdout,
      stderr: env.stderr,
      signal: env.signal,
      cwd: env.cwd,
    };
    return await command.run(context);
  } catch (error) {
    env.stderr.write(`ctc ${command.name}: error: ${oneLine(error)}\n`);
    return exitCodeFor(error);
  }
}
