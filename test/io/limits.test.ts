import { describe, expect, it } from "vitest";
import { checkAllocation, DEFAULT_MAX_BYTES, resolveLimit } from "../../src/io/limits";
import { expectCtcError } from "./fixtures";

describe("limits", () => {
  it("defaults, accepts raised limits and refuses nonsense", () => {
    expect(resolveLimit("f", undefined, DEFAULT_MAX_BYTES)).toBe(DEFAULT_MAX_BYTES);
    expect(resolveLimit("f", 2 ** 40, DEFAULT_MAX_BYTES)).toBe(2 ** 40);
    expectCtcError(() => resolveLimit("f.npy", -1, DEFAULT_MAX_BYTES), "INVALID_ARGUMENT", "f.npy");
  });

  it("refuses allocations over the limit or beyond exact integers", () => {
    expect(() => checkAllocation("f", "shape", 100, 100)).not.toThrow();
    expectCtcError(
      () => checkAllocation("f.tif", "IHDR", 101, 100),
      "LIMIT_EXCEEDED",
      "f.tif",
      "IHDR",
      "maxBytes",
    );
    expectCtcError(
      () => checkAllocation("f", "shape", 1e300 * 10, Number.POSITIVE_INFINITY),
      "LIMIT_EXCEEDED",
    );
  });
});
