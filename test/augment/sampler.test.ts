import { describe, expect, it } from "vitest";
import { dihedral } from "../../src/augment/dihedral";
import { type Fill, type Interpolation, remap, warpAffine, warpView } from "../../src/augment/sampler";
import { dihedralView, viewOf } from "../../src/augment/view";
import { type ChannelStack, createStack } from "../../src/core/stack";
import { fixtureImage, maxAbsDiff, parity } from "./helpers";

describe("remap", () => {
  // SciPy computes in float64 and rounds to float32 once, as remap does: agreement to float32 rounding.
  it.each(
    parity.remap.cases as { interpolation: Interpolation; fill: Fill; cval: number; expected: number[] }[],
  )("matches scipy map_coordinates ($interpolation, $fill) to 1e-6", (c) => {
    const { height, width, y, x } = parity.remap;
    const out = remap(fixtureImage(), { height, width, y: Float64Array.from(y), x: Float64Array.from(x) }, c);
    expect(out.height).toBe(height);
    expect(out.width).toBe(width);
    expect(maxAbsDiff(out.data, c.expected)).toBeLessThan(1e-6);
  });

  it("rounds and clamps integer data and keeps the dtype", () => {
    const stack = createStack(Uint8Array.from([0, 255, 255, 255]), { channels: ["A"], height: 2, width: 2 });
    const out = remap(
      stack,
      { height: 1, width: 1, y: Float64Array.of(0), x: Float64Array.of(0.5) },
      { fill: "edge" },
    );
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(out.data[0]).toBe(128);
    const bright = remap(
      stack,
      { height: 1, width: 1, y: Float64Array.of(-1), x: Float64Array.of(0) },
      {
        fill: "constant",
        cval: 1000,
      },
    );
    expect(bright.data[0]).toBe(255);
  });
});

describe("warpAffine", () => {
  it("is the identity under the identity matrix, for every fill", () => {
    const image = fixtureImage();
    for (const fill of ["constant", "edge", "reflect", "symmetric"] as const) {
      for (const interpolation of ["nearest", "bilinear"] as const) {
        expect(warpAffine(image, [1, 0, 0, 0, 1, 0], image, { fill, interpolation }).data).toEqual(
          image.data,
        );
      }
    }
  });

  it("reads through a flipped or turned view exactly as through its copy, for every fill and interpolation", () => {
    const floats = fixtureImage();
    const bytes = createStack(
      Uint8Array.from(floats.data, (v) => v * 255),
      floats,
    );
    // Rotation, anisotropic zoom and shift: coordinates fall outside on every side.
    const inverse = [0.8, 0.35, -3.2, -0.3, 1.2, 2.7] as const;
    for (const stack of [floats, bytes] as ChannelStack[]) {
      for (let k = 0; k < 8; k++) {
        const turned = dihedral(stack, k);
        const size = { height: turned.height + 1, width: turned.width - 1 };
        for (const fill of ["constant", "edge", "reflect", "symmetric"] as const) {
          for (const interpolation of ["nearest", "bilinear"] as const) {
            const options = { fill, interpolation, cval: 0.3 };
            expect(warpView(dihedralView(viewOf(stack), k), inverse, size, options)).toEqual(
              warpAffine(turned, inverse, size, options),
            );
          }
        }
      }
    }
  });
});
