import { describe, expect, it } from "vitest";
import { blurOp, gaussianBlur, gaussianKernel } from "../../src/augment/blur";
import { StepReader } from "../../src/augment/spec";
import { createRng } from "../../src/random/rng";
import { fixtureImage, maxAbsDiff, parity } from "./helpers";

describe("blur", () => {
  it.each(parity.blur as { sigma: number; expected: number[] }[])(
    "matches scipy gaussian_filter (sigma $sigma) to 1e-6",
    (c) => {
      const out = gaussianBlur(fixtureImage(), { A: c.sigma, B: c.sigma });
      expect(maxAbsDiff(out.data, c.expected)).toBeLessThan(1e-6);
    },
  );

  it("uses SciPy's kernel radius and leaves sigma 0 and unlisted channels alone", () => {
    expect(gaussianKernel(1).length).toBe(9);
    expect(gaussianKernel(0.6).length).toBe(5);
    const image = fixtureImage();
    expect(gaussianBlur(image, { A: 0 }).data).toEqual(image.data);
    const onlyB = gaussianBlur(image, { B: 1 });
    const plane = image.height * image.width;
    expect(onlyB.data.subarray(0, plane)).toEqual(image.data.subarray(0, plane));
  });

  it("shares one sigma between channels unless per_channel", () => {
    const rng = createRng(9);
    const shape = { channels: ["A", "B"], height: 4, width: 4 };
    const shared = blurOp.sample(
      rng,
      shape,
      blurOp.parse(new StepReader({ op: "blur", range: [0.5, 2] }, "s", "blur")),
    );
    expect(shared.sigma.A).toBe(shared.sigma.B);
    const own = blurOp.sample(
      rng,
      shape,
      blurOp.parse(new StepReader({ op: "blur", per_channel: true }, "s", "blur")),
    );
    expect(own.sigma.A).not.toBe(own.sigma.B);
  });
});
