import { describe, expect, it } from "vitest";
import { fmix32, hashKeys } from "../../src/random/hash";

describe("fmix32 / hashKeys", () => {
  it("avalanches: neighbouring inputs differ in about half their bits", () => {
    let flipped = 0;
    for (let i = 0; i < 1000; i++) {
      let x = (fmix32(i) ^ fmix32(i + 1)) >>> 0;
      while (x) {
        flipped += x & 1;
        x >>>= 1;
      }
    }
    expect(flipped / 1000).toBeGreaterThan(14);
    expect(flipped / 1000).toBeLessThan(18);
    expect(fmix32(0)).toBe(0);
  });

  it("depends on the seed, every key, their order and the bits above 32", () => {
    const h = hashKeys(1, [2, 3]);
    expect(hashKeys(1, [2, 3])).toBe(h);
    expect(hashKeys(1, [3, 2])).not.toBe(h);
    expect(hashKeys(2, [2, 3])).not.toBe(h);
    expect(hashKeys(1, [2, 3 + 2 ** 32])).not.toBe(h);
    expect(hashKeys(1 + 2 ** 32, [2, 3])).not.toBe(h);
  });
});
