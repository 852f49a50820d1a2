/**
 * Metrics with scikit-learn 1.2's numbers: classification scores, curves, thresholds, calibration,
 * cross-validation splits, fold summaries, bootstrap intervals and SVG plots. Pure functions.
 *
 * @module
 */
export {
  type FoldSummary,
  type MeanStd,
  type MeanStdOptions,
  meanStd,
  type SummaryOptions,
  summarizeFolds,
} from "./aggregate";
export {
  type BootstrapInterval,
  type BootstrapOptions,
  bcaInterval,
  bootstrapCi,
  type Metric,
  type PairedComparison,
  pairedBootstrap,
  percentileInterval,
} from "./bootstrap";
export {
  type CalibrationOptions,
  expectedCalibrationError,
  type Reliability,
  type ReliabilityBin,
  reliabilityBins,
} from "./calibration";
export {
  type Average,
  type AverageOptions,
  accuracyScore,
  type BalancedAccuracyOptions,
  balancedAccuracyScore,
  cohenKappaScore,
  f1Score,
  fbetaScore,
  type KappaOptions,
  matthewsCorrcoef,
  type PerClassOptions,
  type PerClassScores,
  perClassScores,
  precisionScore,
  recallScore,
  specificityScore,
  type ZeroDivision,
} from "./classification";
export {
  type ClassCounts,
  type ConfusionMatrix,
  type ConfusionOptions,
  classCounts,
  confusionMatrix,
} from "./confusion";
export type { Label } from "./labels";
export { type BrierOptions, brierScore, type LogLossOptions, logLoss } from "./loss";
export { normalCdf, normalQuantile } from "./normal";
export { type ConfusionSvgOptions, confusionSvg } from "./plots/confusion-svg";
export { type PrSvgOptions, prSvg } from "./plots/pr-svg";
export { type ReliabilitySvgOptions, reliabilitySvg } from "./plots/reliability-svg";
export { type RocSvgOptions, rocSvg } from "./plots/roc-svg";
export { escapeXml } from "./plots/svg";
export {
  type AveragePrecisionOptions,
  averagePrecisionScore,
  type PrCurve,
  type PrCurveOptions,
  precisionRecallCurve,
} from "./pr";
export {
  auc,
  type RocAucOptions,
  type RocAucOvrOptions,
  type RocCurve,
  type RocCurveOptions,
  rocAucOvr,
  rocAucScore,
  rocCurve,
} from "./roc";
export { type Fold, type KFoldOptions, stratifiedGroupKFold, stratifiedKFold } from "./split";
export {
  metricsAtThreshold,
  type ThresholdOptions,
  type ThresholdPoint,
  thresholdForSensitivity,
  thresholdMaxF1,
  thresholdYouden,
} from "./thresholds";
