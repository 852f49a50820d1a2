#!/usr/bin/env node
import { COMMANDS } from "./commands/index";
import { EXIT } from "./exit-codes";
import { packageVersion } from "./package-root";
import { runCli } from "./run-cli";

const controller = new AbortController();
let interrupts = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // The first interrupt stops after the current batch, keeping finished cells; a second one exits now.
    if (++interrupts > 1) process.exit(EXIT.interrupted);
    process.stderr.write("\nctc: stopping after the current batch (again to quit now)\n");
    controller.abort();
  });
}

const code = await runCli(process.argv.slice(2), COMMANDS, packageVersion(), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: controller.signal,
});
if (code === EXIT.interrupted)
  process.stderr.write("ctc: interrupted; classify and demo continue with --resume\n");
process.exitCode = code;
