export {
  bundleFromParts,
  type ModelBundle,
  type ModelCardInit,
  type ReadBundleOptions,
  readBundle,
  type WriteBundleOptions,
  writeBundle,
} from "./bundle";
export {
  type Evaluation,
  type MetricSummary,
  MODEL_CARD_FORMAT,
  MODEL_CARD_VERSION,
  type ModelCard,
  type ModelInput,
  type ModelOutput,
  type OutputActivation,
  type Provenance,
  type TtaSpec,
  validateModelCard,
} from "./bundle-schema";
export {
  type CellPrediction,
  type Classifier,
  type ClassifierOptions,
  type ClassifyOptions,
  createClassifier,
} from "./classifier";
export { type OcclusionMap, type OcclusionOptions, occlusion } from "./occlusion";
export { type OnnxGraph, type OnnxNode, outputActivation, readOnnxGraph } from "./onnx-graph";
export type { ExecutionProvider, GraphOptimizationLevel, OrtRuntime, SessionSettings } from "./runtime";
export { sha256Hex } from "./sha256";
export { sigmoid, softmax } from "./softmax";
export type { CellSource, Progress } from "./stream";
