/**
 * Draws the simulator's per-type distributions as one SVG (`docs/synth-distributions.svg`): cell
 * diameter in micrometres and the measured marker score (mean CK minus mean CD45 inside the cell mask)
 * for 3,000 cells of the paper-like preset, as box plots (whiskers at the 5th and 95th percentiles).
 *
 * Run: node --import tsx examples/synth-gallery/distributions.ts [output.svg]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { escapeXml, percentiles } from "@persist/ctc";
import { generateCells, markerScore, resolveConfig } from "@persist/ctc/synth";

const config = resolveConfig({ preset: "paper-like" });
const diameters = new Map<string, number[]>();
const scores = new Map<string, number[]>();
for (const cell of generateCells(11, config, { count: 3000 })) {
  const type = cell.truth.type;
  const diameter = Math.max(...cell.truth.parts.map((p) => p.diameterUm));
  if (!diameters.has(type)) {
    diameters.set(type, []);
    scores.set(type, []);
  }
  diameters.get(type)?.push(diameter);
  scores.get(type)?.push(markerScore(cell.stack, cell.mask));
}
const types = [...diameters.keys()].sort();

const ROW = 26;
const LEFT = 110;
const WIDTH = 330;
const TOP = 40;

function panel(title: string, data: Map<string, number[]>, x0: number, unit: string): string {
  const all = [...data.values()].flat();
  const [lo, hi] = percentiles(Float64Array.from(all), [1, 99]);
  const x = (v: number) => x0 + LEFT + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * WIDTH;
  const rows = types.map((type, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const [p5, q1, med, q3, p95] = percentiles(Float64Array.from(data.get(type) ?? []), [5, 25, 50, 75, 95]);
    return [
      `<text x="${x0 + LEFT - 6}" y="${y + 4}" text-anchor="end">${escapeXml(type)} (${data.get(type)?.length})</text>`,
      `<line x1="${x(p5)}" x2="${x(p95)}" y1="${y}" y2="${y}" stroke="#555"/>`,
      `<rect x="${x(q1)}" y="${y - 7}" width="${Math.max(1, x(q3) - x(q1))}" height="14" fill="#9cc3e6" stroke="#2b6cb0"/>`,
      `<line x1="${x(med)}" x2="${x(med)}" y1="${y - 7}" y2="${y + 7}" stroke="#1a365d" stroke-width="2"/>`,
    ].join("");
  });
  const bottom = TOP + types.length * ROW;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const v = lo + t * (hi - lo);
    return `<text x="${x(v)}" y="${bottom + 16}" text-anchor="middle">${v.toFixed(0)}</text>`;
  });
  return [
    `<text x="${x0 + LEFT + WIDTH / 2}" y="20" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
    `<line x1="${x0 + LEFT}" x2="${x0 + LEFT + WIDTH}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`,
    ...rows,
    ...ticks,
    `<text x="${x0 + LEFT + WIDTH / 2}" y="${bottom + 34}" text-anchor="middle">${escapeXml(unit)}</text>`,
  ].join("\n");
}

const height = TOP + types.length * ROW + 48;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * (LEFT + WIDTH) + 60}" height="${height}" font-family="sans-serif" font-size="12">
<title>Simulated cell diameters and marker scores per cell type</title>
<rect width="100%" height="100%" fill="#fff"/>
${panel("Cell diameter", diameters, 0, "micrometres (largest cell of the object)")}
${panel("Marker score: mean CK - mean CD45 in the mask", scores, LEFT + WIDTH + 40, "camera counts (box: quartiles, whiskers: 5th-95th percentile)")}
</svg>
`;
const output = process.argv[2] ?? join(import.meta.dirname, "out", "distributions.svg");
writeFileSync(output, svg);
console.log(`wrote ${output} (${types.length} types)`);
