import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Debian's Python, which the trainer runs on (the pyenv one first on PATH lacks PyTorch). */
export const PYTHON = "/usr/bin/python3";

/** The `training/` folder (the trainer's working directory). */
export const TRAINING_DIR = fileURLToPath(new URL("../../training/", import.meta.url));

function canImport(module: string): boolean {
  return spawnSync(PYTHON, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;
}

/** Whether /usr/bin/python3 has NumPy (enough for the `dump` command). */
export const HAS_NUMPY = canImport("numpy");

/** Whether /usr/bin/python3 has PyTorch and torchvision (needed to train). */
export const HAS_TORCH = canImport("torch, torchvision");

/** The streamer command the trainer runs in tests: this checkout's TypeScript through tsx. */
export const STREAMER = `${process.execPath} --import tsx ${TRAINING_DIR}stream.ts`;

/**
 * Run the trainer's CLI and fail with its output when it fails.
 *
 * @param args - arguments after `python3 -m ctc_train`
 * @returns stdout
 */
export function runTrainer(args: readonly string[]): string {
  const result = spawnSync(PYTHON, ["-m", "ctc_train", "--streamer", STREAMER, ...args], {
    cwd: TRAINING_DIR,
    encoding: "utf8",
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`ctc_train ${args[0]} failed (${result.status}):\n${result.stderr}\n${result.stdout}`);
  }
  return result.stdout;
}

/**
 * Say visibly why a suite is skipped (vitest only prints the names of skipped tests).
 *
 * @param reason - what is missing
 */
export function announceSkip(reason: string): void {
  process.stderr.write(`\n[test/training] SKIPPED: ${reason}\n`);
}
