import { describe, expect, it } from "vitest";
import { toBase64 } from "../../src/report/base64";

describe("toBase64", () => {
  it.each([0, 1, 2, 3, 4, 5, 100, 200_001])("equals Node's encoder for %i bytes", (length) => {
    const bytes = new Uint8Array(length).map((_, i) => (i * 7919 + (i >> 3)) & 255);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });
});
