import { deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { inflateExact, MAX_DEFLATE_RATIO } from "../../src/io/inflate";
import { expectCtcError } from "./fixtures";

describe("inflateExact", () => {
  const data = new Uint8Array(100_000).map((_, i) => (i * 7) & 0xff);

  it("decodes exactly the declared size on both the one-shot and the streaming path", () => {
    const packed = deflateSync(data);
    expect(inflateExact(packed, data.length, {})).toEqual(data);
    // A tiny declared size with much compressed data forces the streaming path.
    const zeros = deflateSync(new Uint8Array(40_000_000));
    expect(zeros.length * MAX_DEFLATE_RATIO).toBeGreaterThan(8 * 1000 + 16 * 1024 * 1024);
    expectCtcError(() => inflateExact(zeros, 1000, { file: "z", field: "e" }), "CORRUPT_FILE", "more bytes");
    expect(inflateExact(zeros, 1000, {}, "ignore")).toEqual(new Uint8Array(1000));
  });

  it("reports streams longer or shorter than declared, and invalid ones", () => {
    const packed = deflateSync(data);
    expectCtcError(
      () => inflateExact(packed, data.length - 1, { file: "a.zip" }),
      "CORRUPT_FILE",
      "a.zip",
      "more",
    );
    expectCtcError(() => inflateExact(packed, data.length + 1, { file: "a.zip" }), "CORRUPT_FILE", "fewer");
    expectCtcError(() => inflateExact(new Uint8Array([0xff, 0xff, 0xff]), 10, {}), "CORRUPT_FILE", "invalid");
  });
});
