import { deflateSync } from "fflate";
import { CtcError } from "../core/errors";
import { toBase64 } from "./base64";
import type { ReportCell } from "./types";

/** The compact form of the cells that the report page decodes: JSON rows plus one deflated pixel blob. */
export interface ReportPayload {
  /** Thumbnail edge length. */
  readonly size: number;
  /** Channel names of the per-channel planes. */
  readonly channels: readonly string[];
  /** Whether every cell carries a heat map (stored after its planes). */
  readonly heatmaps: boolean;
  /** Per cell: `[id, source, index, positiveProbability, probabilities, truth | null]`. */
  readonly rows: readonly (readonly [string, string, number, number, readonly number[], string | null])[];
  /** Raw-deflate (RFC 1951) compressed pixels, base64: per cell RGB, then planes, then the heat map. */
  readonly pixels: string;
}

/**
 * Pack report cells into one compressed blob so a page with 10,000 cells stays a few megabytes and the
 * browser decodes it once (with `DecompressionStream("deflate-raw")`) instead of parsing 10,000 images.
 *
 * @param cells - the cells; all thumbnails must share size and channels, and all or none carry heat maps
 * @returns the payload
 * @throws {@link CtcError} `SHAPE_MISMATCH` when thumbnails disagree
 */
export function packReportPayload(cells: readonly ReportCell[]): ReportPayload {
  const first = cells[0]?.thumbnail;
  const size = first?.size ?? 0;
  const channels = first?.channels ?? [];
  const heatmaps = first?.heatmap !== undefined;
  const plane = size * size;
  const stride = plane * (3 + channels.length + (heatmaps ? 1 : 0));
  const bytes = new Uint8Array(stride * cells.length);
  cells.forEach((cell, i) => {
    const t = cell.thumbnail;
    const same =
      t.size === size &&
      t.channels.length === channels.length &&
      t.channels.every((name, k) => name === channels[k]) &&
      (t.heatmap !== undefined) === heatmaps &&
      t.rgb.length === 3 * plane &&
      t.planes.length === channels.length * plane &&
      (t.heatmap === undefined || t.heatmap.length === plane);
    if (!same) {
      throw new CtcError(
        "SHAPE_MISMATCH",
        "report thumbnails must share size, channels and heat-map presence",
        {
          cell: i,
          field: "thumbnail",
          expected: { size, channels, heatmaps },
          actual: { size: t.size, channels: t.channels, heatmaps: t.heatmap !== undefined },
        },
      );
    }
    const base = i * stride;
    bytes.set(t.rgb, base);
    bytes.set(t.planes, base + 3 * plane);
    if (t.heatmap) bytes.set(t.heatmap, base + (3 + channels.length) * plane);
  });
  return {
    size,
    channels,
    heatmaps,
    rows: cells.map((c) => [
      c.id,
      c.source,
      c.index,
      c.positiveProbability,
      c.probabilities,
      c.truth ?? null,
    ]),
    pixels: toBase64(deflateSync(bytes, { level: 6 })),
  };
}
