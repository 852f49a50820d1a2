/**
 * `@persist/ctc/synth`: a seeded simulator of DEPArray-like single cells and whole fields with ground
 * truth. Every object is deterministic from `(seed, index)`; fields render any window on demand.
 *
 * @packageDocumentation
 */
export { bestThresholdF1, markerScore, type ThresholdResult } from "./baseline";
export {
  type BinaryLabel,
  CELL_TYPES,
  type CellType,
  type CellTypeSpec,
  type CkTexture,
  COMPOUND_CELL_TYPES,
  type CompoundCellType,
  type CompoundSpec,
  DEFAULT_CELL_TYPES,
  DEFAULT_COMPOUND_TYPES,
  isCompound,
  LEUKOCYTE_TYPES,
  type LogNormalSpec,
  type MarkerSpec,
  type NucleusShape,
  SINGLE_CELL_TYPES,
  type SingleCellType,
  type TruncatedNormalSpec,
} from "./cell-types";
export {
  type CocoAnnotation,
  type CocoCategory,
  type CocoDataset,
  type CocoImage,
  type CocoInfo,
  type CocoOptions,
  type CocoRle,
  cocoCategories,
  fieldToCoco,
  maskToRle,
} from "./coco";
export {
  type BleedThrough,
  type ChannelSpec,
  type DifficultySpec,
  type ImagingSpec,
  resolveConfig,
  type Stain,
  type SynthConfig,
  type SynthOptions,
} from "./config";
export { generateCells, type ManifestRow, manifestCsv, manifestRow } from "./dataset";
export { type DatasetFile, type DatasetFilesOptions, datasetFiles } from "./dataset-files";
export {
  type FieldCell,
  type FieldLayout,
  type FieldOptions,
  type FieldWindow,
  fieldLayout,
  renderFieldWindow,
} from "./field";
export { objectMask } from "./mask";
export { DEFAULT_CHANNELS, PRESETS, type PresetName } from "./presets";
export { generateCell, renderCell, type SynthCell } from "./render-cell";
export { Rng } from "./rng";
export { type CellImaging, type CellPartTruth, type CellTruth, sampleCell } from "./sample-cell";
export type { RadialShape } from "./shapes";
