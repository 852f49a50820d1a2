import type { ReportCell } from "../../src/report/types";

/** Cells with simple patterned thumbnails and spread-out probabilities, for report tests. */
export function fakeCells(count: number, options: { size?: number; heatmap?: boolean } = {}): ReportCell[] {
  const size = options.size ?? 8;
  const channels = ["BF", "DAPI", "CK", "CD45"];
  return Array.from({ length: count }, (_, i) => {
    const plane = size * size;
    const planes = new Uint8Array(channels.length * plane).map((_, k) => (k * 13 + i) & 255);
    const rgb = new Uint8Array(3 * plane).map((_, k) => (k * 5 + i * 3) & 255);
    const p = ((i * 37) % 101) / 100;
    return {
      id: `cell-${i}`,
      source: `slide-${i % 3}.tif`,
      index: i,
      positiveProbability: p,
      probabilities: [1 - p, p],
      truth: i % 4 === 0 ? "CTC" : "non-CTC",
      thumbnail: {
        size,
        rgb,
        channels,
        planes,
        heatmap: options.heatmap ? new Uint8Array(plane).fill(i & 255) : undefined,
      },
    };
  });
}
