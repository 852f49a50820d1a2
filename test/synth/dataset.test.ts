import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/synth/config";
import { generateCells, manifestCsv, manifestRow } from "../../src/synth/dataset";
import { generateCell } from "../../src/synth/render-cell";

const config = resolveConfig({ preset: "easy" });

describe("generateCells", () => {
  it("yields cells start .. start + count - 1, each equal to generateCell of its index", () => {
    const cells = [...generateCells(3, config, { start: 5, count: 3 })];
    expect(cells.map((c) => c.truth.index)).toEqual([5, 6, 7]);
    expect(cells[1].stack.data).toEqual(generateCell(3, 6, config).stack.data);
    expect(() => [...generateCells(3, config, { count: -1 })]).toThrow(/range/);
  });
});

describe("manifest", () => {
  it("flattens the truth and writes a CSV with extra leading columns", () => {
    const cells = [...generateCells(3, config, { count: 2 })];
    const rows = cells.map((c) => manifestRow(c.truth));
    expect(rows[0].type).toBe(cells[0].truth.type);
    expect(rows[0].diameter_um).toBeCloseTo(cells[0].truth.parts[0].diameterUm, 5);
    const csv = manifestCsv(rows, [
      { file: "a.npz", key: "x0" },
      { file: "a.npz", key: "x1" },
    ]);
    const lines = csv.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0].startsWith("file,key,index,seed,type,label,")).toBe(true);
    expect(lines[2].startsWith(`a.npz,x1,1,3,${rows[1].type},`)).toBe(true);
    expect(manifestCsv([])).toBe("");
  });
});
