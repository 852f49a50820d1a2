import { CtcError } from "../core/errors";
import type { SynthConfig } from "./config";
import { generateCell, type SynthCell } from "./render-cell";
import type { CellTruth } from "./sample-cell";

/** One manifest row: a cell's ground truth flattened for a CSV. */
export interface ManifestRow {
  /** Cell index within the seed. */
  readonly index: number;
  /** Simulation seed. */
  readonly seed: number;
  /** Fine type. */
  readonly type: string;
  /** Recorded binary label (after label noise). */
  readonly label: string;
  /** True binary label. */
  readonly true_label: string;
  /** 1 when label noise flipped the label. */
  readonly label_flipped: number;
  /** Number of cells in the object. */
  readonly parts: number;
  /** Diameter of the first cell, micrometres. */
  readonly diameter_um: number;
  /** Nucleus diameter of the first cell, micrometres. */
  readonly nucleus_diameter_um: number;
  /** Mean DNA stain level over the object's cells, full-scale units. */
  readonly dna: number;
  /** Mean cytokeratin level over the object's cells, full-scale units. */
  readonly ck: number;
  /** Mean CD45 level over the object's cells, full-scale units. */
  readonly cd45: number;
  /** 1 when any cell drew from the positive CK component. */
  readonly ck_positive: number;
  /** 1 when any cell drew from the positive CD45 component. */
  readonly cd45_positive: number;
  /** 1 when a leukocyte got non-specific CK. */
  readonly nonspecific_ck: number;
  /** 1 when a CTC's CK was dimmed. */
  readonly dim_ck: number;
  /** 1 when a leukocyte's CD45 was dimmed. */
  readonly dim_cd45: number;
  /** Defocus, micrometres. */
  readonly defocus_um: number;
  /** Illumination gain. */
  readonly illumination_gain: number;
  /** Noise multiplier. */
  readonly noise_scale: number;
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * Flatten a cell's ground truth into a manifest row.
 *
 * @param truth - ground truth of one object
 * @returns the row
 */
export function manifestRow(truth: CellTruth): ManifestRow {
  const n = truth.parts.length;
  const mean = (pick: (p: CellTruth["parts"][number]) => number): number =>
    round(truth.parts.reduce((s, p) => s + pick(p), 0) / n);
  const first = truth.parts[0];
  return {
    index: truth.index,
    seed: truth.seed,
    type: truth.type,
    label: truth.label,
    true_label: truth.trueLabel,
    label_flipped: truth.labelFlipped ? 1 : 0,
    parts: n,
    diameter_um: round(first.diameterUm),
    nucleus_diameter_um: round(first.nucleusDiameterUm),
    dna: mean((p) => p.dna),
    ck: mean((p) => p.ck),
    cd45: mean((p) => p.cd45),
    ck_positive: truth.parts.some((p) => p.ckPositive) ? 1 : 0,
    cd45_positive: truth.parts.some((p) => p.cd45Positive) ? 1 : 0,
    nonspecific_ck: truth.parts.some((p) => p.nonspecificCk) ? 1 : 0,
    dim_ck: truth.parts.some((p) => p.dimCk) ? 1 : 0,
    dim_cd45: truth.parts.some((p) => p.dimCd45) ? 1 : 0,
    defocus_um: round(truth.imaging.defocusUm),
    illumination_gain: round(truth.imaging.illuminationGain),
    noise_scale: truth.imaging.noiseScale,
  };
}

/**
 * A CSV manifest (header line, then one line per row; no field needs quoting).
 *
 * @param rows - manifest rows, all with the same keys
 * @param extra - extra leading columns per row (e.g. `{ file: "cells-000.npz", key: "x_17" }`)
 * @returns the CSV text, `\n` line ends, ending with a newline
 */
export function manifestCsv(
  rows: readonly ManifestRow[],
  extra: readonly Readonly<Record<string, string | number>>[] = [],
): string {
  if (rows.length === 0) return "";
  const extraKeys = extra.length > 0 ? Object.keys(extra[0]) : [];
  const keys = Object.keys(rows[0]) as (keyof ManifestRow)[];
  const lines = [[...extraKeys, ...keys].join(",")];
  rows.forEach((row, i) => {
    lines.push([...extraKeys.map((k) => String(extra[i][k])), ...keys.map((k) => String(row[k]))].join(","));
  });
  return `${lines.join("\n")}\n`;
}

/**
 * Cells `start` to `start + count - 1` of a seed, lazily: each is independent of the others, so a dataset
 * can be split across workers by index range and still be byte-identical.
 *
 * @param seed - simulation seed (integer)
 * @param config - resolved configuration (see {@link resolveConfig})
 * @param options - `count` cells from `start` (default 0)
 * @returns a generator of cells with their ground truth and mask
 * @throws `CtcError` `INVALID_ARGUMENT` for a bad range
 */
export function* generateCells(
  seed: number,
  config: SynthConfig,
  options: { readonly count: number; readonly start?: number },
): Generator<SynthCell> {
  const { count, start = 0 } = options;
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(start) || start < 0) {
    throw new CtcError("INVALID_ARGUMENT", "cell range must be non-negative integers", {
      field: "count",
      actual: options,
    });
  }
  for (let i = start; i < start + count; i++) yield generateCell(seed, i, config);
}
