import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isCtcError } from "../../src/core/errors";
import { createStack } from "../../src/core/stack";
import { writeTiff } from "../../src/io/tiff-write";
import { readChannelFiles, readImageFile } from "../../src/node/files";

const folder = mkdtempSync(join(tmpdir(), "ctc-files-"));
for (const [name, value] of [
  ["s_Ch1.tif", 1],
  ["s_Ch2.tif", 2],
] as const) {
  writeFileSync(
    join(folder, name),
    writeTiff(createStack(new Uint16Array(4).fill(value), { channels: ["x"], height: 2, width: 2 })),
  );
}
mkdirSync(join(folder, "sub"));
writeFileSync(join(folder, "sub", "s_Ch3.tif"), new Uint8Array(0));

async function code(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return isCtcError(error) ? `${error.code}: ${error.message}` : `not a CtcError: ${error}`;
  }
  return undefined;
}

describe("node file helpers", () => {
  it("read one image by path", async () => {
    const stack = await readImageFile(join(folder, "s_Ch2.tif"), { channels: ["DAPI"] });
    expect(Array.from(stack.data)).toEqual([2, 2, 2, 2]);
  });

  it("assemble a folder's per-channel files, looking only in that folder", async () => {
    const stack = await readChannelFiles(folder, { DAPI: "*_Ch2.tif", BF: "*_Ch1.tif" });
    expect(stack.channels).toEqual(["DAPI", "BF"]);
    expect(Array.from(stack.data)).toEqual([2, 2, 2, 2, 1, 1, 1, 1]);
    expect(await code(() => readChannelFiles(folder, { CK: "*_Ch3.tif" }))).toMatch(/^MISSING_CHANNEL/);
  });

  it("refuses patterns that leave the folder and names unreadable paths", async () => {
    expect(await code(() => readChannelFiles(folder, { BF: "../*.tif" }))).toMatch(/^UNSAFE_PATH/);
    expect(await code(() => readImageFile(join(folder, "missing.tif")))).toMatch(
      /^IO_ERROR: .*missing\.tif.*ENOENT/,
    );
    expect(await code(() => readChannelFiles(join(folder, "nope"), { BF: "*" }))).toMatch(/^IO_ERROR/);
  });
});
