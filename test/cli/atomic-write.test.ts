import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/cli/atomic-write";
import { isCtcError } from "../../src/core/errors";

describe("writeFileAtomic", () => {
  it("replaces the file and leaves no temporary files behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctc-atomic-"));
    const path = join(dir, "out.csv");
    writeFileSync(path, "old");
    writeFileAtomic(path, "new contents");
    expect(readFileSync(path, "utf8")).toBe("new contents");
    expect(readdirSync(dir)).toEqual(["out.csv"]);
  });

  it("keeps the old file and names the path when the write fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctc-atomic-"));
    const path = join(dir, "missing-folder", "out.csv");
    try {
      writeFileAtomic(path, "x");
      expect.unreachable();
    } catch (error) {
      expect(isCtcError(error, "IO_ERROR")).toBe(true);
      expect((error as Error).message).toContain(path);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
