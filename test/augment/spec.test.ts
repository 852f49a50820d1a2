import { describe, expect, it } from "vitest";
import { StepReader } from "../../src/augment/spec";
import { CtcError } from "../../src/core/errors";

function error(f: () => unknown): CtcError {
  try {
    f();
  } catch (err) {
    if (err instanceof CtcError) return err;
    throw err;
  }
  throw new Error("expected a CtcError");
}

describe("StepReader", () => {
  const reader = (step: Record<string, unknown>) =>
    new StepReader({ op: "rotate", ...step }, "steps[3]", "rotate");

  it("fills defaults and reads valid values", () => {
    const r = reader({ degrees: [-5, 5], fill: "edge" });
    expect(r.range("degrees", [0, 0])).toEqual([-5, 5]);
    expect(r.choice("fill", ["edge", "reflect"], "reflect")).toBe("edge");
    expect(r.number("cval", 0)).toBe(0);
    expect(r.channels("channels")).toBeUndefined();
    r.finish();
  });

  it("names the step and the field of out-of-range values", () => {
    const err = error(() => reader({ p: 1.5 }).number("p", 0.5, { min: 0, max: 1 }));
    expect(err.code).toBe("INVALID_SPEC");
    expect(err.field).toBe("steps[3].p");
    expect(err.message).toContain('step "rotate"');
    expect(error(() => reader({ degrees: [5, -5] }).range("degrees", [0, 0])).field).toBe("steps[3].degrees");
    expect(error(() => reader({ grid: 2.5 }).number("grid", 3, { integer: true })).code).toBe("INVALID_SPEC");
    expect(error(() => reader({ channels: ["A", "A"] }).channels("channels")).field).toBe(
      "steps[3].channels",
    );
    expect(error(() => reader({ fill: "wrap" }).choice("fill", ["edge"], "edge")).field).toBe(
      "steps[3].fill",
    );
  });

  it("rejects unknown keys", () => {
    const r = reader({ degres: [0, 1] });
    r.range("degrees", [0, 0]);
    const err = error(() => r.finish());
    expect(err.field).toBe("steps[3].degres");
    expect(err.message).toContain('unknown key "degres"');
  });
});
