import { describe, expect, it } from "vitest";
import { SINGLE_CELL_TYPES } from "../../src/synth/cell-types";
import { resolveConfig } from "../../src/synth/config";
import { type CellTruth, sampleCell } from "../../src/synth/sample-cell";

const config = resolveConfig({ preset: "paper-like" });

function byType(seed: number, n: number, cfg = config): Map<string, CellTruth[]> {
  const groups = new Map<string, CellTruth[]>();
  for (let i = 0; i < n; i++) {
    const t = sampleCell(seed, i, cfg);
    const list = groups.get(t.type) ?? [];
    list.push(t);
    groups.set(t.type, list);
  }
  return groups;
}

describe("sampleCell", () => {
  it("is deterministic per (seed, index) and does not depend on other indices", () => {
    expect(sampleCell(9, 123, config)).toEqual(sampleCell(9, 123, config));
    expect(sampleCell(9, 123, config)).not.toEqual(sampleCell(9, 124, config));
    expect(sampleCell(9, 123, config)).not.toEqual(sampleCell(10, 123, config));
  });

  it("draws CTCs at the declared prevalence, from 1:1 down to 1:1000", () => {
    for (const prevalence of [0.5, 0.1, 1 / 1001]) {
      const cfg = resolveConfig({ prevalence, difficulty: { labelNoise: 0 } });
      const n = prevalence < 0.01 ? 40_000 : 8000;
      let ctc = 0;
      for (let i = 0; i < n; i++) if (sampleCell(1, i, cfg).trueLabel === "CTC") ctc++;
      const se = Math.sqrt((prevalence * (1 - prevalence)) / n);
      expect(Math.abs(ctc / n - prevalence)).toBeLessThan(4 * se + 1e-9);
    }
  });

  it("draws each single type's diameter and CK-positive fraction as declared", () => {
    const cfg = resolveConfig({
      preset: "easy",
      prevalence: 0.5,
      ctcMix: { ctc: 1, ctc_low_ck: 1 },
      otherMix: { lymphocyte: 1, neutrophil: 1, monocyte: 1, apoptotic: 1, debris: 1 },
    });
    const groups = byType(3, 12_000, cfg);
    for (const type of SINGLE_CELL_TYPES) {
      const cells = groups.get(type) ?? [];
      expect(cells.length, type).toBeGreaterThan(500);
      const spec = cfg.types[type];
      const diameters = cells.map((c) => c.parts[0].diameterUm);
      for (const d of diameters) {
        expect(d).toBeGreaterThanOrEqual(spec.diameterUm.min);
        expect(d).toBeLessThanOrEqual(spec.diameterUm.max);
      }
      const mean = diameters.reduce((a, b) => a + b, 0) / diameters.length;
      // Truncation moves the mean a little; 10% of the sd plus sampling error is the tolerance.
      expect(Math.abs(mean - spec.diameterUm.mean), type).toBeLessThan(0.25 * spec.diameterUm.sd);
      const ckPositive = cells.filter((c) => c.parts[0].ckPositive).length / cells.length;
      const se = Math.sqrt((spec.ck.positiveFraction * (1 - spec.ck.positiveFraction)) / cells.length);
      expect(Math.abs(ckPositive - spec.ck.positiveFraction), type).toBeLessThanOrEqual(4 * se + 1e-9);
    }
  });

  // The type table itself; the sizeOverlap knob moves the two classes towards each other on purpose.
  it("keeps leukocytes about 7 to 12 micrometres and CTCs about 12 to 25", () => {
    const groups = byType(4, 6000, resolveConfig({ difficulty: { sizeOverlap: 0 } }));
    const mean = (type: string): number => {
      const cells = groups.get(type) ?? [];
      return cells.reduce((s, c) => s + c.parts[0].diameterUm, 0) / cells.length;
    };
    for (const t of ["lymphocyte", "neutrophil", "monocyte"]) {
      expect(mean(t)).toBeGreaterThan(7);
      expect(mean(t)).toBeLessThan(12);
    }
    expect(mean("ctc")).toBeGreaterThan(12);
    expect(mean("ctc")).toBeLessThan(25);
  });

  it("builds clusters of 2 to 5 CTCs and doublets of 2 leukocytes that touch", () => {
    const groups = byType(5, 8000);
    const clusters = groups.get("ctc_cluster") ?? [];
    const doublets = groups.get("doublet") ?? [];
    expect(clusters.length).toBeGreaterThan(20);
    expect(doublets.length).toBeGreaterThan(20);
    for (const c of clusters) {
      expect(c.parts.length).toBeGreaterThanOrEqual(2);
      expect(c.parts.length).toBeLessThanOrEqual(5);
      expect(c.parts.every((p) => p.type === "ctc")).toBe(true);
      expect(c.trueLabel).toBe("CTC");
    }
    for (const d of doublets) {
      expect(d.parts.length).toBe(2);
      const [a, b] = d.parts;
      const gap = Math.hypot(a.body.x - b.body.x, a.body.y - b.body.y) - (a.body.radius + b.body.radius);
      expect(gap).toBeLessThan(0);
      expect(d.trueLabel).toBe("non-CTC");
    }
  });

  it("flips recorded labels at the label-noise rate and records it", () => {
    const cfg = resolveConfig({ difficulty: { labelNoise: 0.2 } });
    let flipped = 0;
    for (let i = 0; i < 5000; i++) {
      const t = sampleCell(6, i, cfg);
      expect(t.label !== t.trueLabel).toBe(t.labelFlipped);
      if (t.labelFlipped) flipped++;
    }
    expect(flipped / 5000).toBeGreaterThan(0.18);
    expect(flipped / 5000).toBeLessThan(0.22);
  });

  it("applies the difficulty knobs only to the cells they concern", () => {
    const cfg = resolveConfig({
      difficulty: { nonspecificCkFraction: 0.5, dimCkFraction: 0.5, dimCd45Fraction: 0.5 },
    });
    const groups = byType(7, 4000, cfg);
    const lymph = groups.get("lymphocyte") ?? [];
    const ctc = groups.get("ctc") ?? [];
    const frac = (cells: CellTruth[], f: (t: CellTruth) => boolean): number =>
      cells.filter(f).length / cells.length;
    expect(frac(lymph, (t) => t.parts[0].nonspecificCk)).toBeGreaterThan(0.4);
    expect(frac(lymph, (t) => t.parts[0].dimCk)).toBe(0);
    expect(frac(ctc, (t) => t.parts[0].dimCk)).toBeGreaterThan(0.4);
    expect(frac(ctc, (t) => t.parts[0].nonspecificCk || t.parts[0].dimCd45)).toBe(0);
  });

  it("size overlap scales the same draws: CTCs shrink by 35%, leukocytes grow by 25%, others stay", () => {
    const plain = resolveConfig({ difficulty: { sizeOverlap: 0 } });
    const full = resolveConfig({ difficulty: { sizeOverlap: 1 } });
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const a = sampleCell(3, i, plain);
      const b = sampleCell(3, i, full);
      expect(b.type).toBe(a.type);
      // Doublets are made of leukocytes: their members grow like single leukocytes.
      const leukocyte = ["lymphocyte", "neutrophil", "monocyte", "doublet"].includes(a.type);
      const factor = a.trueLabel === "CTC" ? 0.65 : leukocyte ? 1.25 : 1;
      a.parts.forEach((part, k) => {
        expect(b.parts[k].diameterUm / part.diameterUm).toBeCloseTo(factor, 12);
      });
      seen.add(String(factor));
    }
    expect(seen).toEqual(new Set(["0.65", "1.25", "1"]));
  });
});
