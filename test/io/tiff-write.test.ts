import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { readTiff } from "../../src/io/tiff";
import { writeTiff } from "../../src/io/tiff-write";
import { hasPython, python } from "./fixtures";

const stack = createStack(
  new Uint16Array(3 * 5 * 7).map((_, i) => (i * 2654435761) >>> 16),
  {
    channels: ["BF", "DAPI", "CK"],
    height: 5,
    width: 7,
    pixelSizeUm: 0.64,
  },
);

describe("writeTiff", () => {
  it.each([false, true])("round-trips pixels, channel names and pixel size (compress %s)", (compress) => {
    const back = readTiff(writeTiff(stack, { compress }));
    expect(back.channels).toEqual(stack.channels);
    expect(back.data).toEqual(stack.data);
    expect(back.pixelSizeUm).toBeCloseTo(0.64, 6);
  });

  it.each([
    new Float32Array([1.5, -2, 3e30, 0]),
    new Int16Array([-5, 4, 32767, -32768]),
    new Uint8Array([0, 255, 3, 4]),
  ])("round-trips %s", (data) => {
    const small = createStack(data, { channels: ["a"], height: 2, width: 2 });
    expect(readTiff(writeTiff(small)).data).toEqual(data);
  });

  it.skipIf(!hasPython)("is read by tifffile with one named page per channel", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctc-tiff-"));
    const path = join(dir, "a.tif");
    writeFileSync(path, writeTiff(stack, { compress: true }));
    const out = python(
      "import tifffile, sys; t = tifffile.TiffFile(sys.argv[1]); a = t.asarray(); print(a.dtype, a.shape, a.ravel().tolist()[:5], [p.tags['PageName'].value for p in t.pages])",
      path,
    );
    const first = Array.from(stack.data.subarray(0, 5)).join(", ");
    expect(out.trim()).toBe(`uint16 (3, 5, 7) [${first}] ['BF', 'DAPI', 'CK']`);
  });
});
