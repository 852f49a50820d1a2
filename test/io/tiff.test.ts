import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { readTiff } from "../../src/io/tiff";
import { writeTiff } from "../../src/io/tiff-write";
import { expectCtcError, expectedArray, fixtureBytes, fixtures } from "./fixtures";

const tiffs = fixtures("tiff");

describe("readTiff against tifffile- and libtiff-written files", () => {
  it.each(tiffs)("$name", (fixture) => {
    const stack = readTiff(fixtureBytes(fixture.file!), { file: fixture.file, slice: fixture.slice });
    const [channels, height, width] = fixture.shape;
    expect([stack.channels.length, stack.height, stack.width]).toEqual([channels, height, width]);
    expect(stack.data).toEqual(expectedArray(fixture));
  });

  it("covers every variant the issue lists", () => {
    const names = tiffs.map((f) => f.name).join(" ");
    for (const part of [
      "uint8",
      "int16",
      "float32",
      "_be",
      "pages",
      "contig",
      "separate",
      "deflate",
      "lzw",
      "packbits",
      "tiled",
      "bigtiff",
      "imagej",
    ]) {
      expect(names).toContain(part);
    }
  });

  it("asks which slice to read from a hyperstack with several", () => {
    expectCtcError(
      () => readTiff(fixtureBytes("tiff/imagej_zcyx_u2.tif"), { file: "h.tif" }),
      "INVALID_ARGUMENT",
      "h.tif",
      "slice",
    );
  });

  it("takes channel names from the caller", () => {
    const stack = readTiff(fixtureBytes("tiff/pages_u2.tif"), { channels: ["BF", "DAPI", "CK"] });
    expect(stack.channels).toEqual(["BF", "DAPI", "CK"]);
    expectCtcError(
      () => readTiff(fixtureBytes("tiff/pages_u2.tif"), { file: "p.tif", channels: ["BF"] }),
      "SHAPE_MISMATCH",
      "p.tif",
    );
  });
});

describe("readTiff on bad input", () => {
  /** Patch every classic little-endian IFD entry with `tag` to a LONG `value`. */
  const patch = (bytes: Uint8Array, tag: number, value: number) => {
    const out = bytes.slice();
    const view = new DataView(out.buffer);
    for (let ifd = view.getUint32(4, true); ifd !== 0; ) {
      const n = view.getUint16(ifd, true);
      for (let i = 0; i < n; i++) {
        const at = ifd + 2 + i * 12;
        if (view.getUint16(at, true) === tag) {
          view.setUint16(at + 2, 4, true);
          view.setUint32(at + 8, value, true);
        }
      }
      ifd = view.getUint32(ifd + 2 + n * 12, true);
    }
    return out;
  };
  const seed = writeTiff(
    createStack(new Uint16Array(2 * 8 * 8).fill(5), { channels: ["a", "b"], height: 8, width: 8 }),
  );

  it("rejects a header claiming 100000 x 100000 pixels before allocating", () => {
    const huge = patch(patch(seed, 256, 100000), 257, 100000);
    expectCtcError(() => readTiff(huge, { file: "huge.tif" }), "LIMIT_EXCEEDED", "huge.tif");
  });

  it("rejects a size under the limit that the file's bytes cannot hold", () => {
    expectCtcError(
      () => readTiff(patch(seed, 256, 4000), { file: "short.tif" }),
      "TRUNCATED_FILE",
      "short.tif",
    );
  });

  it("reports truncation, a PNG named .tif, random bytes, empty files and loops", () => {
    expectCtcError(
      () => readTiff(seed.subarray(0, seed.length - 10), { file: "cut.tif" }),
      "TRUNCATED_FILE",
      "cut.tif",
    );
    expectCtcError(() => readTiff(seed.subarray(0, 200), { file: "cut.tif" }), "TRUNCATED_FILE", "cut.tif");
    expectCtcError(
      () => readTiff(fixtureBytes("png/gray8.png"), { file: "x.tif" }),
      "CORRUPT_FILE",
      "x.tif",
      "magic",
    );
    expectCtcError(
      () => readTiff(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), { file: "r.tif" }),
      "CORRUPT_FILE",
      "r.tif",
    );
    expectCtcError(() => readTiff(new Uint8Array(0), { file: "e.tif" }), "CORRUPT_FILE", "empty");
    const loop = seed.slice();
    const view = new DataView(loop.buffer);
    const first = view.getUint32(4, true);
    view.setUint32(first + 2 + view.getUint16(first, true) * 12, first, true);
    expectCtcError(() => readTiff(loop, { file: "loop.tif" }), "CORRUPT_FILE", "loops");
  });

  it("refuses pages that are not channels of one image", () => {
    const mixed = patch(seed, 257, 4);
    const view = new DataView(mixed.buffer);
    const first = view.getUint32(4, true);
    const n = view.getUint16(first, true);
    for (let i = 0; i < n; i++)
      if (view.getUint16(first + 2 + i * 12, true) === 257) view.setUint32(first + 2 + i * 12 + 8, 8, true);
    expectCtcError(() => readTiff(mixed, { file: "m.tif" }), "SHAPE_MISMATCH", "m.tif");
  });
});
