/**
 * Preprocessing: percentiles equal to NumPy's, bioimage.io-style normalization, dataset statistics,
 * PyTorch-equal resizing, crops and pads, and the JSON spec that runs them in order into a batch.
 *
 * @module
 */
export { type BatchOptions, packBatch, preprocessBatch } from "./batch";
export { DEFAULT_EPS, type NormalizeOptions, type NormalizeStep, normalize } from "./normalize";
export { percentiles } from "./percentile";
export {
  createPreprocessor,
  type ImageSize,
  type PreprocessOptions,
  type Preprocessor,
  preprocess,
} from "./pipeline";
export { type ResizeOptions, resize } from "./resize";
export type {
  CenterCropStep,
  ChannelStatistics,
  ClipStep,
  DatasetStatistics,
  FixedZeroMeanUnitVarianceStep,
  PadMode,
  PadStep,
  PreprocessSpec,
  PreprocessStep,
  ResizeMode,
  ResizeStep,
  ScaleBitDepthStep,
  ScaleLinearStep,
  ScaleRangeStep,
  StatisticsMode,
  ZeroMeanUnitVarianceStep,
} from "./spec";
export {
  accumulateStatistics,
  type ChannelAccumulator,
  createStatisticsAccumulator,
  type FinalizeStatisticsOptions,
  type FloatRange,
  finalizeStatistics,
  type Moments,
  mergeStatistics,
  type StatisticsAccumulator,
  type StatisticsAccumulatorOptions,
} from "./statistics";
export { validatePreprocessSpec } from "./validate";
export {
  type BorderOptions,
  type CropAtOptions,
  type CroppedWindow,
  centerCrop,
  cropAt,
  type PadOptions,
  pad,
  type WindowOutput,
} from "./window";
