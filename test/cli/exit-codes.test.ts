import { describe, expect, it } from "vitest";
import { EXIT, exitCodeFor, UsageError } from "../../src/cli/exit-codes";
import { CtcError } from "../../src/core/errors";

describe("exitCodeFor", () => {
  it("maps each kind of failure to its documented code", () => {
    expect(exitCodeFor(new UsageError("x"))).toBe(EXIT.usage);
    expect(exitCodeFor(new CtcError("CORRUPT_FILE", "x", { file: "a.tif" }))).toBe(EXIT.input);
    expect(exitCodeFor(new CtcError("MISSING_CHANNEL", "x"))).toBe(EXIT.input);
    expect(exitCodeFor(new CtcError("MODEL_MISMATCH", "x"))).toBe(EXIT.model);
    expect(exitCodeFor(new CtcError("MODEL_INVALID", "x"))).toBe(EXIT.model);
    expect(exitCodeFor(new CtcError("RUNTIME_ERROR", "x"))).toBe(EXIT.runtime);
    expect(exitCodeFor(new CtcError("ABORTED", "x"))).toBe(EXIT.interrupted);
    expect(exitCodeFor(new CtcError("INVALID_ARGUMENT", "x"))).toBe(EXIT.usage);
    expect(exitCodeFor(new CtcError("INVALID_SPEC", "x", { file: "p.json" }))).toBe(EXIT.input);
    expect(exitCodeFor(new TypeError("bug"))).toBe(EXIT.runtime);
  });
});
