import { describe, expect, it } from "vitest";
import { crc32 } from "../../src/io/crc32";

describe("crc32", () => {
  it("gives the standard check value and agrees with a bitwise reference at every length", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    const bitwise = (data: Uint8Array) => {
      let crc = 0xffffffff;
      for (const byte of data) {
        crc ^= byte;
        for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
      }
      return (crc ^ 0xffffffff) >>> 0;
    };
    const data = new Uint8Array(40).map((_, i) => (i * 97 + 13) & 0xff);
    for (let n = 0; n <= data.length; n++)
      expect(crc32(data.subarray(0, n))).toBe(bitwise(data.subarray(0, n)));
  });
});
