import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Journal } from "../../src/cli/journal";
import { isCtcError } from "../../src/core/errors";

const fresh = () => join(mkdtempSync(join(tmpdir(), "ctc-journal-")), "run.journal");

describe("Journal", () => {
  it("reads back what was appended, in order, across objects", () => {
    const path = fresh();
    new Journal<{ i: number }>(path).append([{ i: 1 }, { i: 2 }]);
    new Journal<{ i: number }>(path).append([{ i: 3 }]);
    expect(new Journal<{ i: number }>(path).read()).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
  });

  it("ignores a torn last line and repairs it before appending", () => {
    const path = fresh();
    writeFileSync(path, '{"i":1}\n{"i":');
    const journal = new Journal<{ i: number }>(path);
    expect(journal.read()).toEqual([{ i: 1 }]);
    journal.append([{ i: 2 }]);
    expect(readFileSync(path, "utf8")).toBe('{"i":1}\n{"i":2}\n');
  });

  it("refuses a file whose middle is not JSON", () => {
    const path = fresh();
    writeFileSync(path, '{"i":1}\nnot json\n{"i":3}\n');
    try {
      new Journal(path).read();
      expect.unreachable();
    } catch (error) {
      expect(isCtcError(error, "CORRUPT_FILE")).toBe(true);
      expect((error as Error).message).toContain("line 2");
    }
  });

  it("reads nothing from a missing journal and removes itself", () => {
    const path = fresh();
    const journal = new Journal(path);
    expect(journal.read()).toEqual([]);
    appendFileSync(path, "{}\n");
    journal.remove();
    expect(journal.read()).toEqual([]);
  });
});
