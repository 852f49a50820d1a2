import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { CtcError } from "../core/errors";

/**
 * An append-only JSON-lines file of results, written as they are made so that an interrupted run can
 * resume where it stopped. A torn last line (the process was killed mid-write) is ignored on reading.
 */
export class Journal<T> {
  /** Where the journal lives. */
  readonly path: string;
  private tailChecked = false;

  /**
   * @param path - journal file path
   */
  constructor(path: string) {
    this.path = path;
  }

  /**
   * Entries already in the journal, in order; none when it does not exist.
   *
   * @returns the complete entries
   * @throws {@link CtcError} `CORRUPT_FILE` when a line other than the last is not JSON
   */
  read(): T[] {
    if (!existsSync(this.path)) return [];
    const lines = readFileSync(this.path, "utf8").split("\n");
    const entries: T[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        entries.push(JSON.parse(line) as T);
      } catch (cause) {
        // Only the final line can be torn by a kill; anything earlier means the file is not ours.
        const last = lines.slice(i + 1).every((rest) => rest.trim() === "");
        if (!last) {
          throw new CtcError("CORRUPT_FILE", "journal line is not JSON", {
            file: this.path,
            field: `line ${i + 1}`,
            cause,
          });
        }
      }
    });
    return entries;
  }

  /**
   * Append entries in one write, each on its own line.
   *
   * @param entries - results to record
   */
  append(entries: readonly T[]): void {
    if (entries.length === 0) return;
    this.repairTail();
    appendFileSync(this.path, `${entries.map((e) => JSON.stringify(e)).join("\n")}\n`);
  }

  /** Delete the journal (after the final outputs are written). */
  remove(): void {
    rmSync(this.path, { force: true });
  }

  private repairTail(): void {
    // Checked once per journal object: after that every write ends with a newline.
    if (this.tailChecked) return;
    this.tailChecked = true;
    if (!existsSync(this.path)) return;
    const text = readFileSync(this.path, "utf8");
    if (text.length > 0 && !text.endsWith("\n")) {
      // Drop the torn line so the next entry starts on a fresh line.
      writeFileSync(this.path, text.slice(0, text.lastIndexOf("\n") + 1));
    }
  }
}
