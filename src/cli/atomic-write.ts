import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CtcError } from "../core/errors";

/**
 * Write a file so that readers see either the old file or the complete new one, never a half-written
 * one: the data goes to a temporary file in the same folder, which is then renamed over the target.
 *
 * @param path - target path
 * @param data - the complete contents
 * @throws {@link CtcError} `IO_ERROR` naming the file
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (cause) {
    rmSync(temporary, { force: true });
    throw new CtcError("IO_ERROR", `cannot write: ${(cause as Error).message}`, { file: path, cause });
  }
}
