import type { Command } from "./command";
import { EXIT } from "./exit-codes";

const EXIT_LINES = [
  `  ${EXIT.ok}    success`,
  `  ${EXIT.usage}    bad command line (unknown command or option, missing argument)`,
  `  ${EXIT.input}    input error: a file is missing, unreadable, corrupt or of the wrong shape`,
  `  ${EXIT.model}    model error: the model is missing, invalid or does not fit the data`,
  `  ${EXIT.runtime}    runtime error: ONNX Runtime or another dependency failed`,
  `  ${EXIT.interrupted}  interrupted; run again with --resume to continue`,
];

/**
 * The top-level help: every command with its summary, global options and exit codes.
 *
 * @param commands - the registered commands
 * @param version - package version
 * @returns help text
 */
export function mainHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `ctc ${version}: find circulating tumour cells in multichannel microscopy images`,
    "",
    "Usage: ctc <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global options:",
    "  -h, --help     show help (also: ctc <command> --help)",
    "  -V, --version  print the version",
    "",
    "Exit codes:",
    ...EXIT_LINES,
    "",
    "Start with: ctc demo",
    "",
  ].join("\n");
}

/**
 * Help for one command: usage, options with defaults, and examples.
 *
 * @param command - the command
 * @returns help text
 */
export function commandHelp(command: Command): string {
  const entries = Object.entries(command.options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : "    "}--${name}${spec.value ? ` ${spec.value}` : ""}`;
    const extra = spec.default !== undefined ? ` (default: ${spec.default})` : "";
    return [flag, `${spec.description}${extra}${spec.multiple ? " (repeatable)" : ""}`] as const;
  });
  entries.push(["-h, --help", "show this help"]);
  const width = Math.max(...entries.map(([flag]) => flag.length));
  return [
    `ctc ${command.name}: ${command.summary}`,
    "",
    `Usage: ctc ${command.name} ${command.usage}`.trimEnd(),
    "",
    "Options:",
    ...entries.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    "",
    "Examples:",
    ...command.examples.map((e) => `  ${e}`),
    "",
    "Exit codes:",
    ...EXIT_LINES,
    "",
  ].join("\n");
}
