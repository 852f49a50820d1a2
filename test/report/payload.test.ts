import { inflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { isCtcError } from "../../src/core/errors";
import { packReportPayload } from "../../src/report/payload";
import { fakeCells } from "./fake-cells";

describe("packReportPayload", () => {
  it("stores every cell's RGB, planes and heat map in order, losslessly", () => {
    const cells = fakeCells(5, { size: 6, heatmap: true });
    const payload = packReportPayload(cells);
    const bytes = inflateSync(Buffer.from(payload.pixels, "base64"));
    const plane = 36;
    const stride = plane * (3 + 4 + 1);
    expect(bytes.length).toBe(5 * stride);
    cells.forEach((cell, i) => {
      const base = i * stride;
      expect(bytes.subarray(base, base + 3 * plane)).toEqual(cell.thumbnail.rgb);
      expect(bytes.subarray(base + 3 * plane, base + 7 * plane)).toEqual(cell.thumbnail.planes);
      expect(bytes.subarray(base + 7 * plane, base + stride)).toEqual(cell.thumbnail.heatmap);
    });
    expect(payload.rows[2]).toEqual([
      "cell-2",
      "slide-2.tif",
      2,
      cells[2].positiveProbability,
      [...cells[2].probabilities],
      "non-CTC",
    ]);
  });

  it("rejects thumbnails of different sizes, naming the cell", () => {
    const cells = [...fakeCells(2, { size: 6 }), ...fakeCells(1, { size: 5 })];
    try {
      packReportPayload(cells);
      expect.unreachable();
    } catch (error) {
      expect(isCtcError(error, "SHAPE_MISMATCH")).toBe(true);
      expect((error as Error).message).toContain("cell 2");
    }
  });

  it("handles an empty run", () => {
    const payload = packReportPayload([]);
    expect(payload.rows).toEqual([]);
    expect(inflateSync(Buffer.from(payload.pixels, "base64")).length).toBe(0);
  });
});
