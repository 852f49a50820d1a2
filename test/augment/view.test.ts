import { describe, expect, it } from "vitest";
import { dihedral } from "../../src/augment/dihedral";
import { dihedralView, materialize, viewOf } from "../../src/augment/view";
import { type ChannelStack, createStack } from "../../src/core/stack";
import { randomStack } from "./helpers";

describe("stack views", () => {
  it("materialize the identity view as the stack itself, without copying", () => {
    const stack = randomStack(1, ["A", "B"], 3, 5);
    expect(materialize(viewOf(stack))).toBe(stack);
    expect(materialize(dihedralView(dihedralView(viewOf(stack), 4), 4))).toBe(stack);
  });

  it("compose dihedral elements exactly as copies do, on non-square stacks of any dtype", () => {
    const floats = randomStack(2, ["A", "B", "C"], 5, 7);
    const bytes = createStack(
      Uint8Array.from({ length: 3 * 4 * 6 }, (_, i) => i),
      { channels: ["A", "B", "C"], height: 4, width: 6, pixelSizeUm: 0.5 },
    );
    for (const stack of [floats, bytes] as ChannelStack[]) {
      for (let k1 = 0; k1 < 8; k1++) {
        for (let k2 = 0; k2 < 8; k2++) {
          const viewed = materialize(dihedralView(dihedralView(viewOf(stack), k1), k2));
          expect(viewed).toEqual(dihedral(dihedral(stack, k1), k2));
        }
      }
    }
  });
});
