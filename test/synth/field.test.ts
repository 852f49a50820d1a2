import { describe, expect, it } from "vitest";
import { channelPixels } from "../../src/core/stack";
import { resolveConfig } from "../../src/synth/config";
import { fieldLayout, renderFieldWindow } from "../../src/synth/field";
import { sampleCell } from "../../src/synth/sample-cell";

const config = resolveConfig({ preset: "paper-like" });

describe("fieldLayout", () => {
  const layout = fieldLayout(5, config, { width: 1200, height: 900, touchingFraction: 0.2 });

  it("places whole objects inside the field, about occupancy x slots of them", () => {
    const slots = Math.floor(1200 / 48) * Math.floor(900 / 48);
    expect(layout.cells.length).toBeGreaterThan(0.4 * slots);
    expect(layout.cells.length).toBeLessThan(0.6 * slots);
    for (const c of layout.cells) {
      expect(c.x - c.truth.extentPx).toBeGreaterThanOrEqual(-1e-9);
      expect(c.x + c.truth.extentPx).toBeLessThanOrEqual(1200 + 1e-9);
      expect(c.y - c.truth.extentPx).toBeGreaterThanOrEqual(-1e-9);
      expect(c.y + c.truth.extentPx).toBeLessThanOrEqual(900 + 1e-9);
    }
  });

  it("uses the crop ground truth of the same (seed, id), so fields and crops agree", () => {
    const c = layout.cells[3];
    expect(c.truth).toEqual(sampleCell(5, c.id, config));
  });

  it("keeps most objects apart and pushes some against a neighbour", () => {
    const touching = layout.cells.filter((c) => c.touches >= 0);
    expect(touching.length).toBeGreaterThan(0);
    expect(touching.length).toBeLessThan(0.3 * layout.cells.length);
    const byId = new Map(layout.cells.map((c) => [c.id, c]));
    for (const c of touching) {
      const other = byId.get(c.touches)!;
      expect(Math.hypot(c.x - other.x, c.y - other.y)).toBeLessThan(c.truth.extentPx + other.truth.extentPx);
    }
  });

  it("rejects bad options", () => {
    expect(() => fieldLayout(1, config, { width: 0, height: 10 })).toThrow(/width/);
    expect(() => fieldLayout(1, config, { width: 10, height: 10, occupancy: 2 })).toThrow(/occupancy/);
  });
});

describe("renderFieldWindow", () => {
  const layout = fieldLayout(6, config, { width: 700, height: 300 });

  it("renders any window with the same pixels as the whole field (tile streaming)", () => {
    const whole = renderFieldWindow(layout, config, { x: 0, y: 0, width: 700, height: 300 });
    const win = { x: 250, y: 37, width: 300, height: 101 };
    const tile = renderFieldWindow(layout, config, win);
    for (let c = 0; c < 4; c++) {
      const a = channelPixels(whole, c);
      const b = channelPixels(tile, c);
      for (let j = 0; j < win.height; j++) {
        for (let i = 0; i < win.width; i += 7) {
          expect(b[j * win.width + i]).toBe(a[(win.y + j) * 700 + win.x + i]);
        }
      }
    }
  });

  it("shows cells where the layout puts them (DAPI brighter at nuclei than far from cells)", () => {
    const stack = renderFieldWindow(layout, config, { x: 0, y: 0, width: 700, height: 300 });
    const dapi = channelPixels(stack, 1);
    const cells = layout.cells.filter((c) => c.truth.type === "lymphocyte");
    let atCells = 0;
    for (const c of cells) {
      const p = c.truth.parts[0];
      const nx = Math.round(c.x + p.body.x + p.nuclei[0].x);
      const ny = Math.round(c.y + p.body.y + p.nuclei[0].y);
      atCells += dapi[ny * 700 + nx];
    }
    const sorted = Array.from(dapi).sort((a, b) => a - b);
    expect(atCells / cells.length).toBeGreaterThan(4 * sorted[sorted.length >> 1]);
  });

  it("rejects windows outside the field", () => {
    expect(() => renderFieldWindow(layout, config, { x: 600, y: 0, width: 200, height: 10 })).toThrow(
      /window/,
    );
  });
});
