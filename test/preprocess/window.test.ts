import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import type { PadMode } from "../../src/preprocess/spec";
import { centerCrop, cropAt, pad } from "../../src/preprocess/window";
import {
  expectCtcError,
  type FixtureArray,
  fixtureStack,
  loadFixture,
  randomStack,
  seeded,
  typed,
} from "./fixtures";

interface Case {
  name: string;
  input: FixtureArray;
  height: number;
  width: number;
  mode: PadMode;
  value: number;
  expected: FixtureArray;
}
const { cases } = loadFixture<{ cases: Case[] }>("window.json");
const modes: PadMode[] = ["constant", "edge", "reflect"];

describe("pad equals np.pad", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const out = pad(fixtureStack(c.input), c);
    expect([out.height, out.width]).toEqual(c.expected.shape.slice(1));
    expect(out.data).toEqual(typed(c.expected));
  });
});

describe("window properties", () => {
  const random = seeded(3);

  it("centerCrop undoes pad, for every mode and odd or even growth", () => {
    for (let trial = 0; trial < 30; trial++) {
      const h = 1 + Math.floor(random() * 7);
      const w = 1 + Math.floor(random() * 7);
      const input = randomStack(random, [2, h, w], "uint16", 1000);
      const grown = pad(input, {
        height: h + Math.floor(random() * 9),
        width: w + Math.floor(random() * 9),
        mode: modes[trial % 3],
        value: 5,
      });
      const back = centerCrop(grown, { height: h, width: w });
      expect(back.data).toEqual(input.data);
    }
  });

  it("centerCrop drops the extra odd row and column at the bottom and right", () => {
    const input = createStack(
      Uint8Array.from({ length: 20 }, (_, i) => i),
      { channels: ["a"], height: 4, width: 5 },
    );
    expect([...centerCrop(input, { height: 1, width: 2 }).data]).toEqual([6, 7]);
    expect([...centerCrop(input, { height: 4, width: 5 }).data]).toEqual([...input.data]);
  });

  it("pad leaves axes that are already large enough", () => {
    const input = randomStack(random, [1, 6, 2], "uint8", 256);
    const out = pad(input, { height: 3, width: 4, mode: "edge" });
    expect([out.height, out.width]).toEqual([6, 4]);
    expect(out.data).not.toBe(input.data);
  });

  it("cropAt inside the image is a plain slice and does not touch the border", () => {
    const input = randomStack(random, [2, 10, 12], "uint16", 1000);
    const { stack, touchesBorder, top, left } = cropAt(input, { y: 5.4, x: 6.6 }, { height: 4, width: 5 });
    expect([touchesBorder, top, left]).toEqual([false, 3, 5]);
    for (let c = 0; c < 2; c++) {
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 5; x++) {
          expect(stack.data[(c * 4 + y) * 5 + x]).toBe(input.data[(c * 10 + y + 3) * 12 + x + 5]);
        }
      }
    }
  });

  it("cropAt across the border fills by the mode and says so", () => {
    const input = createStack(Uint16Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), {
      channels: ["a"],
      height: 3,
      width: 3,
    });
    const corner = { y: 0, x: 0 };
    const size = { height: 3, width: 3 };
    const constant = cropAt(input, corner, { ...size, value: 7 });
    expect(constant.touchesBorder).toBe(true);
    expect([...constant.stack.data]).toEqual([7, 7, 7, 7, 1, 2, 7, 4, 5]);
    expect([...cropAt(input, corner, { ...size, mode: "edge" }).stack.data]).toEqual([
      1, 1, 2, 1, 1, 2, 4, 4, 5,
    ]);
    expect([...cropAt(input, corner, { ...size, mode: "reflect" }).stack.data]).toEqual([
      5, 4, 5, 2, 1, 2, 5, 4, 5,
    ]);
    expect(cropAt(input, { y: 1, x: 1 }, size).touchesBorder).toBe(false);
    expect(cropAt(input, { y: 1, x: 1 }, { height: 3, width: 4 }).touchesBorder).toBe(true);
  });

  it("keeps the dtype, or converts into a given float32 output", () => {
    const input = randomStack(random, [1, 4, 4], "uint16", 60000);
    expect(pad(input, { height: 6, width: 6, mode: "reflect" }).data).toBeInstanceOf(Uint16Array);
    const out = new Float32Array(64);
    const cropped = centerCrop(input, { height: 2, width: 2, out });
    expect(cropped.data.buffer).toBe(out.buffer);
    expect([...cropped.data]).toEqual([input.data[5], input.data[6], input.data[9], input.data[10]]);
  });
});

describe("window errors", () => {
  const input = createStack(new Uint8Array(6), { channels: ["a"], height: 2, width: 3 });

  it("rejects a center crop larger than the image", () => {
    const error = expectCtcError(() => centerCrop(input, { height: 3, width: 3 }), "SHAPE_MISMATCH");
    expect(error.message).toContain("pad it first");
  });

  it("rejects bad sizes, non-finite points, empty images and short outputs", () => {
    expectCtcError(() => pad(input, { height: 0, width: 3 }), "INVALID_ARGUMENT");
    expectCtcError(() => cropAt(input, { y: Number.NaN, x: 0 }, { height: 1, width: 1 }), "INVALID_ARGUMENT");
    expectCtcError(() => cropAt(input, { y: 0, x: 0 }, { height: 1, width: 2.5 }), "INVALID_ARGUMENT");
    const empty = createStack(new Uint8Array(0), { channels: [], height: 2, width: 3 });
    expectCtcError(() => pad(empty, { height: 3, width: 3 }), "INVALID_ARGUMENT");
    expectCtcError(() => pad(input, { height: 3, width: 3, out: new Uint8Array(8) }), "SHAPE_MISMATCH");
  });
});
