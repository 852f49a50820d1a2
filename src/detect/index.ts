/**
 * Field-image detection: background subtraction, thresholds, connected components, exact distance
 * transform, seeded watershed, size and shape filters in micrometres, tiled processing of large fields,
 * crops and intensity features per cell, COCO import and export, and detection metrics with COCO AP.
 * Pure functions.
 *
 * @module
 */
export {
  type AveragePrecisionResult,
  averagePrecision,
  type CocoBox,
  type CocoScoredBox,
  type DetectionApOptions,
} from "./average-precision";
export {
  type BackgroundMethod,
  type BackgroundOptions,
  boxMean,
  squareExtremum,
  subtractBackground,
} from "./background";
export {
  type Candidate,
  type DetectOptions,
  detectCandidates,
  type ThresholdSpec,
} from "./candidates";
export {
  type ClassifiedCell,
  classifyCells,
  type DescribeOptions,
  describeCells,
  type FieldCell,
} from "./cells";
export {
  annotationCentre,
  type CellDataset,
  type CocoAnnotation,
  type CocoCategory,
  type CocoDataset,
  type CocoDatasetOptions,
  type CocoImage,
  type CocoResult,
  type CocoResultOptions,
  type CocoRle,
  cocoCellDataset,
  decodeRle,
  encodeRle,
  parseCoco,
  toCocoResults,
} from "./coco";
export { type Connectivity, type LabelImage, type LabelOptions, labelComponents } from "./components";
export { distanceTransform } from "./distance";
export { type ChannelFeatures, type FeatureOptions, measureCell } from "./features";
export {
  type Box,
  boxIou,
  type Located,
  type MatchOptions,
  type MatchResult,
  matchDetections,
  type ScoredLocated,
} from "./match";
export type { Plane } from "./plane";
export { type Region, regionProps } from "./regions";
export {
  type Histogram,
  type HistogramOptions,
  histogram,
  histogramQuantile,
  type LocalThresholdOptions,
  localThreshold,
  noiseSigma,
  otsuFromHistogram,
  otsuThreshold,
  thresholdMask,
} from "./threshold";
export { detectField, type FieldOptions, type FieldSource, planTiles, stackSource, type Tile } from "./tiles";
export { type SplitOptions, splitTouching, watershed } from "./watershed";
