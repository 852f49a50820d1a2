import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { CtcError } from "../core/errors";

function readError(path: string, cause: unknown): CtcError {
  const code = (cause as NodeJS.ErrnoException).code;
  return new CtcError("IO_ERROR", `cannot read file (${code ?? String(cause)})`, { file: path, cause });
}

/**
 * Read a whole file as bytes, turning operating-system failures into the library's error.
 *
 * @param path - file path
 * @returns the bytes (a view of Node's buffer, no copy)
 * @throws {@link CtcError} `IO_ERROR` naming the file and the system's error code (`ENOENT`, `EACCES` ...)
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (cause) {
    throw readError(path, cause);
  }
}

/**
 * Read a whole UTF-8 text file, turning operating-system failures into the library's error.
 *
 * @param path - file path
 * @returns the text
 * @throws {@link CtcError} `IO_ERROR` naming the file and the system's error code
 */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    throw readError(path, cause);
  }
}
