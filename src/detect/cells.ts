import type { CellPrediction, Classifier } from "../classify/index";
import type { ChannelStack } from "../core/index";
import { cropAt, type PadMode } from "../preprocess/index";
import type { Candidate } from "./candidates";
import { type ChannelFeatures, measureCell } from "./features";
import { type FieldSource, stackSource } from "./tiles";

/** A candidate with its crop and intensity features. */
export interface FieldCell extends Candidate {
  /** Fixed-size crop of all channels centred on the nucleus centroid. */
  readonly crop: ChannelStack;
  /** Whether the crop reached past the field edge and was filled by the pad mode. */
  readonly cropPadded: boolean;
  /** Intensity features per channel over the nucleus grown by the margin. */
  readonly features: Readonly<Record<string, ChannelFeatures>>;
}

/** A field cell with the classifier's verdict. */
export interface ClassifiedCell extends FieldCell {
  /** The classifier's prediction (probabilities per class, positive-class probability). */
  readonly prediction: CellPrediction;
}

/** Options for {@link describeCells}. */
export interface DescribeOptions {
  /** Crop edge in pixels; default 64 (40 um at 0.64 um per pixel, a large CTC with margin). */
  readonly cropSize?: number;
  /** How pixels outside the field are filled; default `"constant"` (zero), so padding is visible. */
  readonly padMode?: PadMode;
  /** Margin around the nucleus for intensity features, micrometres; default 3 (cytoplasm stains). */
  readonly featureMarginUm?: number;
  /** Pixel size when the source has none. */
  readonly pixelSizeUm?: number;
}

/**
 * Cut a crop of all channels around each candidate and measure its per-channel intensities, reading one
 * small region per candidate (memory stays bounded on large fields).
 *
 * @param field - the field, in memory or as a {@link FieldSource}
 * @param candidates - candidates in field coordinates (from {@link detectField} or {@link detectCandidates})
 * @param options - crop size, pad mode, feature margin
 * @returns one cell per candidate, in the same order
 */
export function describeCells(
  field: ChannelStack | FieldSource,
  candidates: readonly Candidate[],
  options: DescribeOptions = {},
): FieldCell[] {
  const source = "readRegion" in field ? field : stackSource(field);
  const size = options.cropSize ?? 64;
  const pixelSizeUm = options.pixelSizeUm ?? source.pixelSizeUm ?? 1;
  const marginPx = Math.ceil((options.featureMarginUm ?? 3) / pixelSizeUm);
  return candidates.map((candidate) => {
    const [bx, by, bw, bh] = candidate.bbox;
    const top = Math.round(candidate.y) - Math.floor(size / 2);
    const left = Math.round(candidate.x) - Math.floor(size / 2);
    // One read covering the crop window and the grown mask, clipped to the field: border modes then
    // act at the real field edge only.
    const x0 = Math.max(0, Math.min(left, bx - marginPx));
    const y0 = Math.max(0, Math.min(top, by - marginPx));
    const x1 = Math.min(source.width, Math.max(left + size, bx + bw + marginPx));
    const y1 = Math.min(source.height, Math.max(top + size, by + bh + marginPx));
    const region = source.readRegion(x0, y0, x1 - x0, y1 - y0, source.channels);
    const crop = cropAt(
      region,
      { x: Math.round(candidate.x) - x0, y: Math.round(candidate.y) - y0 },
      { height: size, width: size, mode: options.padMode ?? "constant" },
    );
    const cropPadded = top < 0 || left < 0 || top + size > source.height || left + size > source.width;
    return {
      ...candidate,
      crop: crop.stack,
      cropPadded,
      features: measureCell(region, candidate, [x0, y0], { marginPx }),
    };
  });
}

/**
 * Classify field cells and rank them, most CTC-like first.
 *
 * @param cells - described cells
 * @param classifier - a loaded classifier (`createClassifier`)
 * @returns the cells with predictions, by descending positive-class probability (stable)
 */
export async function classifyCells(
  cells: readonly FieldCell[],
  classifier: Pick<Classifier, "classify">,
): Promise<ClassifiedCell[]> {
  const predictions = await classifier.classify(cells.map((c) => c.crop));
  return cells
    .map((cell, i) => ({ ...cell, prediction: predictions[i] }))
    .sort((a, b) => b.prediction.positiveProbability - a.prediction.positiveProbability);
}
