import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex, sha256Portable } from "../../src/classify/sha256";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("sha256", () => {
  // Lengths around the 55/56/64-byte padding boundaries, where hand-written SHA-256 usually breaks.
  const lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 70_000];
  const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 0xff);

  it.each(lengths)("the portable digest equals node:crypto for %i bytes", (n) => {
    expect(hex(sha256Portable(data(n)))).toBe(createHash("sha256").update(data(n)).digest("hex"));
  });

  it("matches the FIPS 180-4 'abc' vector", () => {
    expect(hex(sha256Portable(new TextEncoder().encode("abc")))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("hashes a view, not the whole underlying buffer", async () => {
    const whole = data(200);
    const view = whole.subarray(10, 90);
    expect(await sha256Hex(view)).toBe(createHash("sha256").update(view).digest("hex"));
    expect(hex(sha256Portable(view))).toBe(createHash("sha256").update(view).digest("hex"));
  });

  it("gives lowercase hex through WebCrypto", async () => {
    expect(await sha256Hex(data(1000))).toBe(createHash("sha256").update(data(1000)).digest("hex"));
  });
});
