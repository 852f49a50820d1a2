import { describe, expect, it } from "vitest";
import {
  CELL_TYPES,
  COMPOUND_CELL_TYPES,
  DEFAULT_CELL_TYPES,
  DEFAULT_COMPOUND_TYPES,
  isCompound,
  SINGLE_CELL_TYPES,
} from "../../src/synth/cell-types";

describe("cell type tables", () => {
  it("cover every type once, with CTC labels exactly on the tumour types", () => {
    expect(CELL_TYPES).toEqual([...SINGLE_CELL_TYPES, ...COMPOUND_CELL_TYPES]);
    expect(Object.keys(DEFAULT_CELL_TYPES).sort()).toEqual([...SINGLE_CELL_TYPES].sort());
    const ctc = CELL_TYPES.filter((t) =>
      isCompound(t) ? DEFAULT_COMPOUND_TYPES[t].label === "CTC" : DEFAULT_CELL_TYPES[t].label === "CTC",
    );
    expect(ctc).toEqual(["ctc", "ctc_low_ck", "ctc_cluster"]);
  });

  it("declare consistent ranges, leukocytes smaller than CTCs, CD45 on leukocytes and CK on CTCs", () => {
    for (const spec of Object.values(DEFAULT_CELL_TYPES)) {
      expect(spec.diameterUm.min).toBeLessThan(spec.diameterUm.mean);
      expect(spec.diameterUm.mean).toBeLessThan(spec.diameterUm.max);
      expect(spec.nucleusRatio.max).toBeLessThan(1);
    }
    for (const t of ["lymphocyte", "neutrophil", "monocyte"] as const) {
      expect(DEFAULT_CELL_TYPES[t].diameterUm.mean).toBeLessThan(12);
      expect(DEFAULT_CELL_TYPES[t].cd45.positiveFraction).toBeGreaterThan(0.9);
      expect(DEFAULT_CELL_TYPES[t].ck.positiveFraction).toBe(0);
    }
    expect(DEFAULT_CELL_TYPES.ctc.diameterUm.mean).toBeGreaterThan(12);
    expect(DEFAULT_CELL_TYPES.ctc.ck.positiveFraction).toBeGreaterThan(0.9);
    expect(DEFAULT_CELL_TYPES.ctc.cd45.positiveFraction).toBe(0);
  });
});
