import { zlibSync } from "fflate";
import { describe, expect, it } from "vitest";
import { unDeflate, unLzw, unpackBits } from "../../src/io/tiff-codecs";
import { expectCtcError } from "./fixtures";

describe("unpackBits", () => {
  it("decodes the example from the TIFF 6.0 specification", () => {
    const packed = new Uint8Array([
      0xfe, 0xaa, 0x02, 0x80, 0x00, 0x2a, 0xfd, 0xaa, 0x03, 0x80, 0x00, 0x2a, 0x22, 0xf7, 0xaa,
    ]);
    const expected = [
      0xaa,
      0xaa,
      0xaa,
      0x80,
      0x00,
      0x2a,
      0xaa,
      0xaa,
      0xaa,
      0xaa,
      0x80,
      0x00,
      0x2a,
      0x22,
      ...new Array(10).fill(0xaa),
    ];
    expect(Array.from(unpackBits(packed, 24, {}))).toEqual(expected);
  });

  it("never writes past the declared size and reports short data", () => {
    expect(unpackBits(new Uint8Array([0x81, 7]), 5, {})).toEqual(new Uint8Array(5).fill(7));
    expectCtcError(
      () => unpackBits(new Uint8Array([0x01, 7]), 5, { file: "p.tif", field: "strip 3" }),
      "CORRUPT_FILE",
      "p.tif",
      "strip 3",
    );
  });
});

describe("unLzw", () => {
  it("refuses undefined codes and old-style LZW", () => {
    // 9-bit code 300 right after a clear code cannot be defined yet.
    const bits = (256 << 9) | 300;
    const data = new Uint8Array([bits >>> 10, (bits >>> 2) & 0xff, (bits << 6) & 0xff]);
    expectCtcError(() => unLzw(data, 4, { file: "l.tif" }), "CORRUPT_FILE", "l.tif");
    expectCtcError(() => unLzw(new Uint8Array([0, 1, 2]), 4, {}), "UNSUPPORTED_FORMAT");
  });
});

describe("unDeflate", () => {
  it("decodes zlib streams, cutting padding at the declared size", () => {
    const data = new Uint8Array(100).map((_, i) => i);
    expect(unDeflate(zlibSync(data), 60, {})).toEqual(data.subarray(0, 60));
    expectCtcError(() => unDeflate(zlibSync(data), 200, { file: "d.tif" }), "CORRUPT_FILE", "d.tif", "fewer");
    expectCtcError(() => unDeflate(new Uint8Array([1, 2, 3]), 3, {}), "CORRUPT_FILE", "zlib");
  });
});
