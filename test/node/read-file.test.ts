import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isCtcError } from "../../src/core/errors";
import { readFileBytes, readTextFile } from "../../src/node/read-file";

describe("reading files", () => {
  const dir = mkdtempSync(join(tmpdir(), "ctc-read-"));
  const path = join(dir, "a.txt");
  writeFileSync(path, "héllo");

  it("reads bytes and text", async () => {
    expect(new TextDecoder().decode(await readFileBytes(path))).toBe("héllo");
    expect(readTextFile(path)).toBe("héllo");
  });

  it("names the file and the system error code", async () => {
    const missing = join(dir, "missing.bin");
    await expect(readFileBytes(missing)).rejects.toSatisfy(
      (e) => isCtcError(e, "IO_ERROR") && String(e).includes(missing) && String(e).includes("ENOENT"),
    );
    expect(() => readTextFile(dir)).toThrow(/EISDIR/);
  });
});
