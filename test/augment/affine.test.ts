import { describe, expect, it } from "vitest";
import {
  type AffineParams,
  affineMatrix,
  affineOp,
  applyAffine,
  invertAffine,
  rotateOp,
  translateOp,
} from "../../src/augment/affine";
import { StepReader } from "../../src/augment/spec";
import { createStack } from "../../src/core/stack";
import { createRng } from "../../src/random/rng";
import { fixtureImage, maxAbsDiff, parity, randomStack } from "./helpers";

const identity: AffineParams = {
  angle: 0,
  translate: [0, 0],
  scale: [1, 1],
  shear: [0, 0],
  interpolation: "bilinear",
  fill: "reflect",
  cval: 0,
};

describe("affine", () => {
  it.each(parity.affine as (AffineParams & { expected: number[] })[])(
    "matches scipy affine_transform (angle $angle, $interpolation, $fill) to 1e-6",
    (c) => {
      // SciPy works in float64 and rounds to float32 once, as we do: results agree to float32 rounding
      // (bit-identical here). Nearest could differ only at exact half-pixel ties, which generic angles avoid.
      expect(maxAbsDiff(applyAffine(fixtureImage(), c).data, c.expected)).toBeLessThan(1e-6);
    },
  );

  it("rotation by 0 and translation by 0 are the identity", () => {
    const stack = randomStack(1);
    expect(applyAffine(stack, identity).data).toEqual(stack.data);
    expect(applyAffine(stack, { ...identity, interpolation: "nearest", fill: "constant" }).data).toEqual(
      stack.data,
    );
  });

  it("moves a single bright pixel where the matrix says", () => {
    const [h, w] = [31, 27];
    const cases: Partial<AffineParams>[] = [
      { angle: 90 },
      { angle: 30, translate: [2, -1] },
      { scale: [1.5, 0.5], shear: [10, -5], angle: -40 },
    ];
    for (const partial of cases) {
      const params = { ...identity, ...partial, fill: "constant" as const };
      const m = affineMatrix(params, { height: h, width: w });
      const [x, y] = [17, 9];
      const data = new Float32Array(h * w);
      data[y * w + x] = 1;
      const out = applyAffine(createStack(data, { channels: ["A"], height: h, width: w }), params);
      let best = 0;
      for (let i = 1; i < out.data.length; i++) if (out.data[i] > out.data[best]) best = i;
      const tx = m[0] * x + m[1] * y + m[2];
      const ty = m[3] * x + m[4] * y + m[5];
      expect(Math.abs((best % w) - tx)).toBeLessThanOrEqual(1);
      expect(Math.abs(Math.floor(best / w) - ty)).toBeLessThanOrEqual(1);
    }
    // A quarter turn is exact: the pixel lands on an integer position, counter-clockwise on screen.
    const m = affineMatrix({ ...identity, angle: 90 }, { height: 5, width: 5 });
    expect(m.map((v) => Math.round(v * 1e12) / 1e12 + 0)).toEqual([0, 1, 0, -1, 0, 4]);
  });

  it("inverts matrices", () => {
    const m = affineMatrix(
      { ...identity, angle: 17, scale: [1.2, 0.9], shear: [4, 2], translate: [1, 2] },
      { height: 8, width: 6 },
    );
    const inv = invertAffine(m);
    const [x, y] = [3.5, -2];
    const [u, v] = [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
    expect(inv[0] * u + inv[1] * v + inv[2]).toBeCloseTo(x, 12);
    expect(inv[3] * u + inv[4] * v + inv[5]).toBeCloseTo(y, 12);
  });

  it("samples angles, shifts, scales and shears within their declared ranges", () => {
    const rng = createRng(3);
    const config = affineOp.parse(
      new StepReader(
        { op: "affine", degrees: [-10, 20], max_fraction: [0.1, 0.2], scale: [0.5, 2], shear: [-3, 3] },
        "s",
        "affine",
      ),
    );
    const shape = { channels: ["A"], height: 50, width: 40 };
    let below = 0;
    for (let i = 0; i < 2000; i++) {
      const p = affineOp.sample(rng, shape, config);
      expect(p.angle).toBeGreaterThanOrEqual(-10);
      expect(p.angle).toBeLessThan(20);
      expect(Math.abs(p.translate[0])).toBeLessThanOrEqual(4);
      expect(Math.abs(p.translate[1])).toBeLessThanOrEqual(10);
      expect(p.scale[0]).toBe(p.scale[1]);
      if (p.scale[0] < 1) below += 1;
      expect(Math.abs(p.shear[0])).toBeLessThanOrEqual(3);
    }
    // Log-uniform on [0.5, 2]: half the zooms shrink (binomial sd about 22 of 2000).
    expect(Math.abs(below - 1000)).toBeLessThan(100);
  });

  it("rotate and translate sample only their own part", () => {
    const rng = createRng(4);
    const shape = { channels: ["A"], height: 10, width: 10 };
    const r = rotateOp.sample(rng, shape, rotateOp.parse(new StepReader({ op: "rotate" }, "s", "rotate")));
    expect(r.translate).toEqual([0, 0]);
    expect(r.scale).toEqual([1, 1]);
    const t = translateOp.sample(
      rng,
      shape,
      translateOp.parse(new StepReader({ op: "translate" }, "s", "translate")),
    );
    expect(t.angle).toBe(0);
  });

  it("moves a mask with nearest sampling and zero fill", () => {
    const mask = createStack(
      Uint8Array.from({ length: 36 }, (_, i) => (i % 3) + 1),
      { channels: ["mask"], height: 6, width: 6 },
    );
    const out = affineOp.apply(mask, { ...identity, angle: 33, fill: "reflect" }, { mask: true });
    expect(new Set(out.data)).toEqual(new Set([0, 1, 2, 3]));
  });
});
