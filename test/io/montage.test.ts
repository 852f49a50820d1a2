import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { isPaddingTile, splitMontage } from "../../src/io/montage";
import { readChannelFiles } from "../../src/node/files";
import { expectCtcError } from "./fixtures";

const MLCP = join(import.meta.dirname, "..", "..", "..", "shared", "data", "mlcp", "Experiment_1");
const hasMlcp = existsSync(MLCP);
if (!hasMlcp) console.warn(`MLCP data not found at ${MLCP}: skipping the real-montage cell count test`);

/** A 2-row x 3-column montage of 2x2 tiles whose pixels encode (tile row, tile column, channel). */
function grid() {
  const width = 6;
  const height = 4;
  const data = new Uint16Array(2 * width * height);
  for (let c = 0; c < 2; c++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        data[(c * height + y) * width + x] = 100 * c + 10 * Math.floor(y / 2) + Math.floor(x / 2);
  return createStack(data, { channels: ["BF", "DAPI"], height, width });
}

describe("splitMontage", () => {
  it("fills row-major and column-major in the right order", () => {
    const rowMajor = splitMontage(grid(), { tileWidth: 2 }).map((t) => t.stack.data[0]);
    expect(rowMajor).toEqual([0, 1, 2, 10, 11, 12]);
    const columnMajor = splitMontage(grid(), { tileWidth: 2, order: "column-major" });
    expect(columnMajor.map((t) => t.stack.data[0])).toEqual([0, 10, 1, 11, 2, 12]);
    expect(columnMajor.map((t) => [t.row, t.column])).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(columnMajor[3].stack.data[4]).toBe(111);
  });

  it("refuses sizes that do not tile the montage", () => {
    expectCtcError(() => splitMontage(grid(), { tileWidth: 4, file: "m.tif" }), "SHAPE_MISMATCH", "m.tif");
    expectCtcError(() => splitMontage(grid(), { tileWidth: 0 }), "INVALID_ARGUMENT");
  });
});

describe("isPaddingTile", () => {
  const tile = (f: (x: number, y: number) => number) =>
    createStack(
      Uint16Array.from({ length: 64 }, (_, i) => f(i % 8, Math.floor(i / 8))),
      { channels: ["BF"], height: 8, width: 8 },
    );

  it("calls stripes (identical rows) and flat tiles padding, and textured tiles cells", () => {
    expect(
      isPaddingTile(
        tile((x) => 600 + 40 * (x % 3)),
        { channel: "BF" },
      ),
    ).toBe(true);
    expect(
      isPaddingTile(
        tile(() => 676),
        { channel: "BF" },
      ),
    ).toBe(true);
    expect(
      isPaddingTile(
        tile((x, y) => 600 + ((x * 7 + y * 13) % 11) * 5),
        { channel: "BF" },
      ),
    ).toBe(false);
  });
});

describe.skipIf(!hasMlcp)("MLCP Experiment_1 montages (real ImageStream data)", () => {
  const expected: Record<string, number> = {
    Anaphase: 16,
    G1: 900,
    G2: 900,
    Metaphase: 69,
    Prophase: 606,
    S_phase: 900,
    Telophase: 28,
  };

  it("tile into exactly the README's 3419 cells", async () => {
    const counts: Record<string, number> = {};
    for (const phase of readdirSync(MLCP)) {
      const stack = await readChannelFiles(join(MLCP, phase), {
        BF: "Ch3_*.tif",
        DNA: "Ch4_*.tif",
        DF: "Ch6_*.tif",
      });
      expect([stack.width, stack.height, stack.channels.length]).toEqual([1200, 1200, 3]);
      const cells = splitMontage(stack, {
        tileWidth: 40,
        order: "column-major",
        dropPadding: { channel: "BF" },
      });
      counts[phase] = cells.length;
      // Tiles are filled in order, so the cells are exactly the first tiles.
      expect(cells.map((c) => c.index)).toEqual(cells.map((_, i) => i));
    }
    expect(counts).toEqual(expected);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3419);
  });
});
