import { describe, expect, it } from "vitest";
import { dihedral, dihedralOp, hflipOp, inverseDihedral, vflipOp } from "../../src/augment/dihedral";
import { StepReader } from "../../src/augment/spec";
import { isCtcError } from "../../src/core/errors";
import { createStack } from "../../src/core/stack";
import { createRng } from "../../src/random/rng";
import { fixtureImage, parity, randomStack } from "./helpers";

describe("dihedral", () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7])("element %i matches np.rot90(np.flip(...)) exactly", (k) => {
    const image = fixtureImage();
    const out = dihedral(image, k);
    expect(Array.from(out.data)).toEqual(parity.dihedral[k].expected);
    expect([out.height, out.width]).toEqual(
      k % 2 ? [image.width, image.height] : [image.height, image.width],
    );
  });

  it("rot90 four times and any flip twice give the input back exactly", () => {
    const stack = randomStack(2);
    let turned = stack;
    for (let i = 0; i < 4; i++) turned = dihedral(turned, 1);
    expect(turned).toEqual(stack);
    for (const k of [4, 5, 6, 7]) expect(dihedral(dihedral(stack, k), k)).toEqual(stack);
    expect(hflipOp.apply(hflipOp.apply(stack, {}), {})).toEqual(stack);
    expect(vflipOp.apply(vflipOp.apply(stack, {}), {})).toEqual(stack);
  });

  it("inverseDihedral undoes every element, keeping dtype", () => {
    const stack = createStack(
      Uint16Array.from({ length: 2 * 3 * 5 }, (_, i) => i * 1000),
      {
        channels: ["A", "B"],
        height: 3,
        width: 5,
      },
    );
    for (let k = 0; k < 8; k++) expect(dihedral(dihedral(stack, k), inverseDihedral(k))).toEqual(stack);
  });

  it("rejects elements outside 0..7", () => {
    for (const k of [-1, 8, 1.5]) {
      expect(() => dihedral(randomStack(1), k)).toThrow();
      try {
        inverseDihedral(k);
      } catch (err) {
        expect(isCtcError(err, "INVALID_ARGUMENT")).toBe(true);
      }
    }
  });

  it("samples only the listed elements, uniformly", () => {
    const rng = createRng(5);
    const config = dihedralOp.parse(new StepReader({ op: "dihedral", elements: [0, 4, 6] }, "s", "dihedral"));
    const counts: Record<number, number> = { 0: 0, 4: 0, 6: 0 };
    for (let i = 0; i < 3000; i++)
      counts[dihedralOp.sample(rng, { channels: [], height: 4, width: 4 }, config).k] += 1;
    expect(Object.keys(counts)).toEqual(["0", "4", "6"]);
    for (const c of Object.values(counts)) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });
});
