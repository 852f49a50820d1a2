import { describe, expect, it } from "vitest";
import { crop, cropOp, type ResizedCropParams, resizedCrop, resizedCropOp } from "../../src/augment/crop";
import { StepReader } from "../../src/augment/spec";
import { isCtcError } from "../../src/core/errors";
import { createRng } from "../../src/random/rng";
import { fixtureImage, maxAbsDiff, parity, randomStack } from "./helpers";

describe("crop", () => {
  it("copies the window exactly", () => {
    const stack = randomStack(4, ["A", "B"], 6, 5);
    const out = crop(stack, { top: 1, left: 2, height: 3, width: 2 });
    expect(out.data[0]).toBe(stack.data[1 * 5 + 2]);
    expect(out.data[6 + 5]).toBe(stack.data[30 + 3 * 5 + 3]);
    expect(crop(stack, { top: 0, left: 0, height: 6, width: 5 })).toEqual(stack);
    expect(() => crop(stack, { top: 4, left: 0, height: 3, width: 2 })).toThrow();
  });

  it("places random crops uniformly and refuses crops larger than the image", () => {
    const rng = createRng(7);
    const config = cropOp.parse(new StepReader({ op: "crop", height: 4, width: 4 }, "s", "crop"));
    const tops = new Array(3).fill(0);
    for (let i = 0; i < 3000; i++)
      tops[cropOp.sample(rng, { channels: [], height: 6, width: 9 }, config).top] += 1;
    for (const c of tops) expect(Math.abs(c - 1000)).toBeLessThan(120);
    try {
      cropOp.sample(rng, { channels: [], height: 3, width: 9 }, config);
      expect.unreachable();
    } catch (err) {
      expect(isCtcError(err, "INVALID_ARGUMENT")).toBe(true);
    }
  });
});

describe("resized crop", () => {
  it.each(parity.resized_crop as (ResizedCropParams & { expected: number[] })[])(
    "matches torchvision resized_crop ($interpolation, $height x $width, antialias=False) to 1e-6",
    (c) => {
      const out = resizedCrop(fixtureImage(), c);
      expect([out.height, out.width]).toEqual([c.height, c.width]);
      expect(maxAbsDiff(out.data, c.expected)).toBeLessThan(1e-6);
    },
  );

  it("samples windows with area fraction in scale and ratio in range", () => {
    const rng = createRng(8);
    const config = resizedCropOp.parse(
      new StepReader(
        { op: "resized_crop", height: 8, width: 8, scale: [0.25, 0.5], ratio: [0.5, 2] },
        "s",
        "resized_crop",
      ),
    );
    for (let i = 0; i < 500; i++) {
      const p = resizedCropOp.sample(rng, { channels: [], height: 40, width: 40 }, config);
      const { top, left, height, width } = p.window;
      expect(top + height).toBeLessThanOrEqual(40);
      expect(left + width).toBeLessThanOrEqual(40);
      // Rounding the side lengths moves the area by at most about one row and one column.
      expect((height * width) / 1600).toBeGreaterThan(0.25 - 0.06);
      expect((height * width) / 1600).toBeLessThan(0.5 + 0.06);
      expect(resizedCropOp.shapeAfter?.({ channels: [], height: 40, width: 40 }, p)).toMatchObject({
        height: 8,
        width: 8,
      });
    }
  });
});
