import { describe, expect, it } from "vitest";
import type { Command } from "../../src/cli/command";
import { EXIT } from "../../src/cli/exit-codes";
import { runCli } from "../../src/cli/run-cli";
import { CtcError } from "../../src/core/errors";

function environment() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    env: {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      cwd: "/tmp",
      signal: new AbortController().signal,
    },
  };
}

const seen: unknown[] = [];
const commands: Command[] = [
  {
    name: "echo",
    summary: "print the positionals",
    usage: "<words...>",
    options: {
      upper: { type: "boolean", description: "shout" },
      times: { type: "string", value: "N", description: "repeat", default: "1" },
    },
    examples: ["ctc echo hello"],
    async run({ options, positionals, stdout }) {
      seen.push(options);
      const text = positionals.join(" ");
      stdout.write(`${options.upper ? text.toUpperCase() : text}\n`);
      return EXIT.ok;
    },
  },
  {
    name: "model info",
    summary: "two-word command",
    usage: "<bundle>",
    options: {},
    examples: [],
    async run({ positionals }) {
      throw new CtcError("MODEL_INVALID", "bad checksum\nsecond line", { file: positionals[0] });
    },
  },
];

describe("runCli", () => {
  it("dispatches with parsed options", async () => {
    const { out, env } = environment();
    expect(await runCli(["echo", "--upper", "a", "b"], commands, "1.2.3", env)).toBe(EXIT.ok);
    expect(out.join("")).toBe("A B\n");
  });

  it("prints help and version", async () => {
    const { out, env } = environment();
    expect(await runCli(["--help"], commands, "1.2.3", env)).toBe(EXIT.ok);
    expect(out.join("")).toContain("model info");
    expect(out.join("")).toContain("Exit codes:");
    out.length = 0;
    expect(await runCli(["echo", "--help"], commands, "1.2.3", env)).toBe(EXIT.ok);
    expect(out.join("")).toContain("--times N");
    expect(out.join("")).toContain("(default: 1)");
    expect(out.join("")).toContain("ctc echo hello");
    out.length = 0;
    expect(await runCli(["-V"], commands, "1.2.3", env)).toBe(EXIT.ok);
    expect(out.join("")).toBe("1.2.3\n");
  });

  it("reports usage errors in one line with exit code 1", async () => {
    const { err, env } = environment();
    expect(await runCli(["nope"], commands, "1", env)).toBe(EXIT.usage);
    expect(await runCli(["echo", "--loud"], commands, "1", env)).toBe(EXIT.usage);
    expect(await runCli([], commands, "1", env)).toBe(EXIT.usage);
    expect(err.join("")).toContain('unknown command "nope"');
    expect(err.join("")).toMatch(/--loud/);
  });

  it("turns library errors into one line naming the file, with the matching exit code", async () => {
    const { err, env } = environment();
    expect(await runCli(["model", "info", "m.zip"], commands, "1", env)).toBe(EXIT.model);
    expect(err).toEqual(["ctc model info: error: m.zip: bad checksum second line\n"]);
  });
});
