export {
  BIOIMAGEIO_RDF_NAMES,
  type BioimageioBundle,
  type BioimageioLayout,
  type BioimageioOptions,
  type BioimageioPackage,
  bioimageioRdfName,
  isBioimageioBundle,
  type ReadBioimageioOptions,
  readBioimageio,
} from "./bioimageio";
export { type SelfCheckReport, selfCheckBioimageio } from "./bioimageio-check";
export {
  type BioimageioAxis,
  type BioimageioAxisType,
  type BioimageioOp,
  type BioimageioRdf,
  type BioimageioTensor,
  type BioimageioTolerance,
  parseBioimageioRdf,
} from "./bioimageio-rdf";
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
export type { FixedInput, RewrittenConvolutions } from "./conv-rewrite";
export { denseSmallConvolutions } from "./dense-conv";
export { im2colConvolutions } from "./im2col-conv";
export { type OcclusionMap, type OcclusionOptions, occlusion } from "./occlusion";
export { type OcclusionOverlayOptions, occlusionOverlayPng } from "./occlusion-png";
export {
  type OnnxAttribute,
  type OnnxGraph,
  type OnnxInitializer,
  type OnnxNode,
  outputActivation,
  readOnnxGraph,
} from "./onnx-graph";
export { type FeatureMapShape, featureMapShapes } from "./onnx-shapes";
export type { ExecutionProvider, GraphOptimizationLevel, OrtRuntime, SessionSettings } from "./runtime";
export { sha256Hex } from "./sha256";
export { sigmoid, softmax } from "./softmax";
export type { CellSource, Progress } from "./stream";
export { type WinogradMatrices, winogradMatrices } from "./winograd";
export { type WinogradOptions, type WinogradProducts, winogradConvolutions } from "./winograd-conv";
export { type ParseYamlOptions, parseYaml, type YamlValue } from "./yaml";
