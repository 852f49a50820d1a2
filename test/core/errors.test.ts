import { describe, expect, it } from "vitest";
import { CtcError, isCtcError, relocateError } from "../../src/core/errors";

describe("CtcError", () => {
  it("writes file, cell, channel and field before the message and the expectation after it", () => {
    const error = new CtcError("SHAPE_MISMATCH", "wrong size", {
      file: "a.tif",
      cell: 2,
      channel: "CK",
      field: "width",
      expected: 64,
      actual: 63,
    });
    expect(error.message).toBe('a.tif: cell 2: channel "CK": width: wrong size (expected 64, got 63)');
    expect(error.code).toBe("SHAPE_MISMATCH");
    expect(error.name).toBe("CtcError");
    expect(error).toBeInstanceOf(Error);
  });

  it("keeps the cause and is recognised by isCtcError", () => {
    const cause = new Error("disk");
    const error = new CtcError("IO_ERROR", "cannot read", { cause });
    expect(error.cause).toBe(cause);
    expect(isCtcError(error)).toBe(true);
    expect(isCtcError(error, "IO_ERROR")).toBe(true);
    expect(isCtcError(error, "CORRUPT_FILE")).toBe(false);
    expect(isCtcError(cause)).toBe(false);
  });

  it("re-addresses an error to a file and cell, keeping the rest", () => {
    const inner = new CtcError("NON_FINITE", "pixel is NaN", {
      cell: 7,
      channel: "CK",
      expected: "finite",
      actual: null,
    });
    const outer = relocateError(inner, { file: "cells/a.npy", cell: 0 });
    expect(outer.message).toBe('cells/a.npy: cell 0: channel "CK": pixel is NaN (expected finite, got null)');
    expect(outer.code).toBe("NON_FINITE");
    expect(outer.reason).toBe("pixel is NaN");
    expect(outer.cause).toBe(inner);
  });
});
