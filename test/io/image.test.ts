import { describe, expect, it } from "vitest";
import { detectImageFormat, readImage } from "../../src/io/image";
import { expectCtcError, expectedArray, fixtureBytes, fixtures } from "./fixtures";

describe("readImage", () => {
  it("picks the reader by magic number, not by name", () => {
    const png = fixtures("png").find((f) => f.name === "png_gray16")!;
    expect(readImage(fixtureBytes(png.file!), { file: "mislabelled.tif" }).data).toEqual(expectedArray(png));
    expect(detectImageFormat(fixtureBytes("tiff/bigtiff_u2.tif"))).toBe("tiff");
    expect(detectImageFormat(fixtureBytes("npy/u2_le.npy"))).toBe("npy");
  });

  it("reads a C x H x W NPY as a stack", () => {
    const stack = readImage(fixtureBytes("npy/u2_le.npy"), { channels: ["a", "b"] });
    expect([stack.channels, stack.height, stack.width]).toEqual([["a", "b"], 3, 4]);
  });

  it("names unknown formats and empty files", () => {
    expectCtcError(
      () => readImage(new TextEncoder().encode("hello"), { file: "x.tif" }),
      "UNSUPPORTED_FORMAT",
      "x.tif",
    );
    expectCtcError(() => readImage(new Uint8Array(0), { file: "x.tif" }), "CORRUPT_FILE", "empty");
  });
});
