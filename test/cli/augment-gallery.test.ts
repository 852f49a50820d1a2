import { describe, expect, it } from "vitest";
import { DEFAULT_TRAINING_PIPELINE } from "../../src/augment/defaults";
import { augmentGallery, galleryOps } from "../../src/cli/augment-gallery";
import { createStack } from "../../src/core/stack";

describe("augmentGallery", () => {
  it("opens combinators so every op gets a tile", () => {
    expect(
      galleryOps([
        { op: "random_apply", p: 0.1, step: { op: "affine" } },
        { op: "one_of", steps: [{ op: "dihedral" }, { op: "sequence", steps: [{ op: "brightness" }] }] },
      ]).map((s) => s.op),
    ).toEqual(["affine", "dihedral", "brightness"]);
  });

  it("puts the original and one enlarged tile per op side by side", () => {
    const data = new Float32Array(2 * 16 * 16).map((_, i) => (i % 7) / 7);
    const cell = createStack(data, { channels: ["DAPI", "CK"], height: 16, width: 16 });
    const { tiles, image } = augmentGallery(cell, DEFAULT_TRAINING_PIPELINE, { seed: 1 });
    expect(tiles.map((t) => t.title)).toEqual([
      "original",
      "dihedral",
      "affine",
      "brightness",
      "contrast",
      "shot_noise",
    ]);
    // 16 px cells are enlarged 8-fold to reach 128 px; six tiles in one row with 4 px gaps.
    expect([image.width, image.height]).toEqual([6 * 128 + 7 * 4, 128 + 2 * 4]);
    expect(image.data).toHaveLength(image.width * image.height * 3);
    expect(tiles[0].rgb.data).not.toEqual(tiles[5].rgb.data);
  });
});
