/**
 * Augmentation for training and test-time augmentation: JSON pipelines of pure, replayable transforms.
 *
 * @packageDocumentation
 */

export { logUniform, randomInt, uniform, uniformRange } from "../random/distributions";
export { normal } from "../random/normal";
export { fillNormals16, normalTable16 } from "../random/normal16";
export { poisson } from "../random/poisson";
export { createRng, type IntSource, type Rng, sampleRng } from "../random/rng";
export {
  type AffineConfig,
  type AffineParams,
  affineMatrix,
  applyAffine,
  invertAffine,
} from "./affine";
export { gaussianBlur, gaussianBlurPlane, gaussianKernel } from "./blur";
export { type CropWindow, crop, type ResizedCropParams, resizedCrop } from "./crop";
export { DEFAULT_TRAINING_PIPELINE } from "./defaults";
export { type DihedralParams, dihedral, inverseDihedral } from "./dihedral";
export { applyElastic, type ElasticParams, elasticCoordinates } from "./elastic";
export { upsampleGrid } from "./field";
export {
  type BleedThroughParams,
  type ChannelDropoutParams,
  type HotPixel,
  type HotPixelsParams,
  type MisregistrationParams,
  misregister,
} from "./fluorescence";
export { applyIllumination, type IlluminationParams } from "./illumination";
export { type ShotNoiseModel, type ShotNoiseParams, shotNoise } from "./noise";
export type { ApplyOptions, ApplyViewOptions, AugmentOp, StackShape } from "./op";
export { AUGMENT_OPS } from "./ops";
export {
  type AppliedStep,
  type ApplyAugmentationOptions,
  AUGMENT_SPEC_VERSION,
  type Augmented,
  type AugmentOptions,
  type AugmentPipeline,
  type AugmentPipelineSpec,
  type AugmentRecord,
  type AugmentResult,
  type AugmentStepSpec,
  applyAugmentation,
  augment,
  type OneOfNode,
  type OpNode,
  type PipelineNode,
  parseAugmentPipeline,
  type RandomApplyNode,
  type SequenceNode,
  sampleAugmentation,
} from "./pipeline";
export { applyPointSteps, type GaussianNoiseStep, type LinearStep, type PointStep } from "./pointwise";
export {
  type AffineMatrix,
  type CoordinateMap,
  type Fill,
  type Interpolation,
  type ResampleOptions,
  remap,
  warpAffine,
} from "./sampler";
export { type NumberBounds, StepReader } from "./spec";
export {
  averageViewPredictions,
  dihedralViews,
  TTA_FLIP_VIEWS,
  TTA_VIEWS,
  type ViewAverageOptions,
} from "./tta";
export { dihedralView, materialize, type StackView, viewOf } from "./view";
