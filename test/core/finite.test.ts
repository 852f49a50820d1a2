import { describe, expect, it } from "vitest";
import { CtcError } from "../../src/core/errors";
import { assertFinite } from "../../src/core/finite";
import { createStack } from "../../src/core/stack";

describe("assertFinite", () => {
  it("passes finite float data and integer data", () => {
    expect(() =>
      assertFinite(createStack(new Float32Array([0, 1, -2, 3]), { channels: ["a"], height: 2, width: 2 })),
    ).not.toThrow();
    expect(() =>
      assertFinite(createStack(new Uint16Array(4), { channels: ["a"], height: 2, width: 2 })),
    ).not.toThrow();
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    "names the channel, position and source of %s",
    (bad) => {
      const data = new Float64Array(8);
      data[7] = bad;
      const stack = createStack(data, { channels: ["DAPI", "CK"], height: 2, width: 2 });
      try {
        assertFinite(stack, { file: "cell.npy", cell: 3 });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(CtcError);
        const e = error as CtcError;
        expect(e.code).toBe("NON_FINITE");
        expect(e.channel).toBe("CK");
        expect(e.message).toContain("cell.npy");
        expect(e.message).toContain("cell 3");
        expect(e.message).toContain("y=1, x=1");
      }
    },
  );
});
