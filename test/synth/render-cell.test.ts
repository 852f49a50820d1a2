import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/synth/config";
import { generateCell, renderObjectSignal } from "../../src/synth/render-cell";
import { sampleCell } from "../../src/synth/sample-cell";
import { shapeArea } from "../../src/synth/shapes";

const digest = (data: ArrayBufferView): string =>
  createHash("sha256")
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .digest("hex");

describe("generateCell", () => {
  const config = resolveConfig({ preset: "paper-like" });

  it("reproduces the same bytes from the same seed, and different bytes from another", () => {
    const a = generateCell(11, 5, config);
    const b = generateCell(11, 5, config);
    expect(digest(a.stack.data)).toBe(digest(b.stack.data));
    expect(digest(generateCell(12, 5, config).stack.data)).not.toBe(digest(a.stack.data));
  });

  it("keeps making the bytes it always made (datasets, samples and trained models depend on them)", () => {
    const hash = createHash("sha256");
    for (const options of [
      { preset: "paper-like" },
      { preset: "easy", cropSize: 48, bitDepth: 8 },
    ] as const) {
      const cfg = resolveConfig(options);
      for (let i = 0; i < 40; i++) {
        const cell = generateCell(2026, i, cfg);
        const { data } = cell.stack;
        hash.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).update(cell.mask);
      }
    }
    expect(hash.digest("hex")).toBe("04a756c95fafa2d43367957e7a9620596033f4dd1bb860b01209817b58c8ac6f");
  });

  it("returns a C x H x W stack with the default channels, pixel size and bit depth", () => {
    const cell = generateCell(1, 0, config);
    expect(cell.stack.channels).toEqual(["BF", "DAPI", "CK", "CD45"]);
    expect(cell.stack.pixelSizeUm).toBe(0.64);
    expect(cell.stack.data).toBeInstanceOf(Uint16Array);
    expect(cell.stack.data.length).toBe(4 * 64 * 64);
    const small = generateCell(1, 0, resolveConfig({ cropSize: 96, bitDepth: 8 }));
    expect(small.stack.data).toBeInstanceOf(Uint8Array);
    expect(small.stack.width).toBe(96);
  });

  it("honours configured channels (names, order, subset)", () => {
    const cfg = resolveConfig({
      channels: [
        { name: "cd45-apc", stain: "leukocyte", psfSigmaUm: 0.5, background: 0.02, fullWellPhotons: 1500 },
        { name: "hoechst", stain: "nucleus", psfSigmaUm: 0.5, background: 0.02, fullWellPhotons: 1500 },
      ],
      imaging: { bleedThrough: [] },
    });
    expect(generateCell(1, 0, cfg).stack.channels).toEqual(["cd45-apc", "hoechst"]);
  });

  it("puts the declared DNA level over the nucleus (noise-free light; blur conserves the total)", () => {
    const cfg = resolveConfig({ preset: "easy", imaging: { bleedThrough: [], defocusSdUm: 0 } });
    let checked = 0;
    for (let i = 0; i < 60; i++) {
      const truth = sampleCell(2, i, cfg);
      const part = truth.parts[0];
      if (truth.parts.length !== 1 || part.nuclei.length !== 1 || part.notch !== null) continue;
      const signal = renderObjectSignal(truth, cfg, 40, 40);
      const plane = signal.width * signal.height;
      let total = 0;
      for (let k = 0; k < plane; k++) total += signal.data[plane + k];
      const expected = part.dna * shapeArea(part.nuclei[0]) + part.autofluorescence * shapeArea(part.body);
      expect(Math.abs(total / expected - 1)).toBeLessThan(0.05);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("shows CTCs brighter in CK and dimmer in CD45 than leukocytes in the pixels", () => {
    const cfg = resolveConfig({ preset: "easy" });
    const ck: Record<string, number[]> = { CTC: [], "non-CTC": [] };
    for (let i = 0; i < 60; i++) {
      const cell = generateCell(3, i, cfg);
      const plane = 64 * 64;
      let s = 0;
      let n = 0;
      for (let k = 0; k < plane; k++) {
        if (cell.mask[k]) {
          s += cell.stack.data[2 * plane + k] - cell.stack.data[3 * plane + k];
          n++;
        }
      }
      ck[cell.truth.trueLabel].push(s / n);
    }
    const min = Math.min(...ck.CTC);
    const max = Math.max(...ck["non-CTC"]);
    expect(min).toBeGreaterThan(max);
  });

  it("saturates at the top of the bit depth", () => {
    const cfg = resolveConfig({
      preset: "easy",
      types: {
        ctc: {
          ck: { positiveFraction: 1, positive: { median: 5, logSd: 0 }, negative: { median: 5, logSd: 0 } },
        },
      },
      prevalence: 1,
    });
    const cell = generateCell(4, 0, cfg);
    const plane = 64 * 64;
    const ck = cell.stack.data.subarray(2 * plane, 3 * plane);
    expect(Math.max(...ck)).toBe(65535);
  });

  it("gives a mask whose area matches the drawn diameter", () => {
    const cfg = resolveConfig({ preset: "easy" });
    for (let i = 0; i < 30; i++) {
      const cell = generateCell(5, i, cfg);
      if (cell.truth.parts.length !== 1) continue;
      const area = cell.mask.reduce((s, v) => s + (v ? 1 : 0), 0);
      const diameterUm = 2 * Math.sqrt(area / Math.PI) * cfg.pixelSizeUm;
      expect(Math.abs(diameterUm / cell.truth.parts[0].diameterUm - 1)).toBeLessThan(0.12);
    }
  });
});
