import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { resize } from "../../src/preprocess/resize";
import type { ResizeMode } from "../../src/preprocess/spec";
import {
  expectClose,
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
  input: number;
  height: number;
  width: number;
  mode: ResizeMode;
  expected: FixtureArray;
}
const { inputs, cases } = loadFixture<{ inputs: FixtureArray[]; cases: Case[] }>("resize.json");
const modes: ResizeMode[] = ["nearest", "bilinear", "area"];

describe("resize equals torch.nn.functional.interpolate", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const out = resize(fixtureStack(inputs[c.input]), c);
    expect([out.height, out.width]).toEqual([c.height, c.width]);
    const expected = typed(c.expected);
    if (c.mode === "nearest") expect(out.data).toEqual(expected);
    else expectClose(out.data, expected, { abs: 1e-5 });
  });
});

describe("resize properties", () => {
  const random = seeded(7);

  it("returns the input values when the size does not change", () => {
    for (const dtype of ["uint16", "float32"] as const) {
      const input = randomStack(random, [2, 9, 14], dtype, 1000);
      for (const mode of modes) {
        expect([...resize(input, { height: 9, width: 14, mode }).data]).toEqual([...input.data]);
      }
    }
  });

  it("keeps a constant image constant", () => {
    const input = createStack(new Float32Array(3 * 11 * 7).fill(0.375), {
      channels: ["a", "b", "c"],
      height: 11,
      width: 7,
    });
    for (const mode of modes) {
      for (const [h, w] of [
        [4, 3],
        [23, 30],
        [1, 1],
        [11, 2],
      ]) {
        expect(resize(input, { height: h, width: w, mode }).data.every((v) => v === 0.375)).toBe(true);
      }
    }
  });

  it("area-shrinks by an integer factor to block means", () => {
    const input = randomStack(random, [1, 6, 9], "uint8", 256);
    const out = resize(input, { height: 2, width: 3, mode: "area" });
    for (let oy = 0; oy < 2; oy++) {
      for (let ox = 0; ox < 3; ox++) {
        let sum = 0;
        for (let y = 0; y < 3; y++)
          for (let x = 0; x < 3; x++) sum += input.data[(oy * 3 + y) * 9 + ox * 3 + x];
        expect(out.data[oy * 3 + ox]).toBeCloseTo(sum / 9, 4);
      }
    }
  });

  it("rescales the pixel size when both axes scale alike, and drops it otherwise", () => {
    const input = createStack(new Uint16Array(96 * 48), {
      channels: ["a"],
      height: 96,
      width: 48,
      pixelSizeUm: 0.64,
    });
    expect(resize(input, { height: 64, width: 32, mode: "area" }).pixelSizeUm).toBeCloseTo(0.96, 12);
    expect(resize(input, { height: 64, width: 64, mode: "area" }).pixelSizeUm).toBeUndefined();
  });

  it("writes into a given array", () => {
    const out = new Float32Array(100);
    const result = resize(randomStack(random, [1, 5, 5]), { height: 3, width: 3, mode: "bilinear", out });
    expect(result.data.buffer).toBe(out.buffer);
    expect(result.data.length).toBe(9);
  });
});

describe("resize errors", () => {
  const input = createStack(new Float32Array(4), { channels: ["a"], height: 2, width: 2 });

  it("rejects sizes below 1 or fractional", () => {
    for (const [height, width] of [
      [0, 2],
      [2, 1.5],
      [-1, 2],
    ]) {
      expectCtcError(() => resize(input, { height, width, mode: "nearest" }), "INVALID_ARGUMENT");
    }
  });

  it("rejects unknown modes, empty images and short outputs", () => {
    expectCtcError(
      () => resize(input, { height: 2, width: 2, mode: "bicubic" as ResizeMode }),
      "INVALID_ARGUMENT",
    );
    const empty = createStack(new Float32Array(0), { channels: ["a"], height: 2, width: 0 });
    expectCtcError(() => resize(empty, { height: 2, width: 2, mode: "area" }), "INVALID_ARGUMENT");
    expectCtcError(
      () => resize(input, { height: 3, width: 3, mode: "area", out: new Float32Array(8) }),
      "SHAPE_MISMATCH",
    );
  });
});
