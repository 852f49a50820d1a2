/**
 * Image I/O: pure bytes-in, stack-out readers and writers (TIFF, PNG, NPY, NPZ, zip), montage tiling,
 * per-channel file sets and false-colour composites. No file system here; see `src/node/files.ts`.
 *
 * @packageDocumentation
 */
export { type ArrayDType, arrayToStack, arrayToStacks, type NdArray, stackToArray } from "./array";
export {
  type AssembleOptions,
  assembleChannels,
  type ChannelMap,
  groupChannelFiles,
  matchChannelFiles,
  matchesPattern,
} from "./channel-files";
export { type Colour, type CompositeOptions, compositeRgb, DEFAULT_CHANNEL_COLOURS } from "./composite";
export { detectImageFormat, type ImageFormat, type ReadImageOptions, readImage } from "./image";
export { DEFAULT_MAX_BYTES, type ReadOptions } from "./limits";
export {
  isPaddingTile,
  type MontageOptions,
  type MontageTile,
  type PaddingTest,
  splitMontage,
} from "./montage";
export { readNpy, writeNpy } from "./npy";
export { readNpz, type WriteNpzOptions, writeNpz } from "./npz";
export { type ReadPngOptions, type RgbImage, readPng, writePng, writeRgbPng } from "./png";
export { type ReadTiffOptions, readTiff } from "./tiff";
export { type WriteTiffOptions, writeTiff } from "./tiff-write";
export {
  checkEntryName,
  DEFAULT_ZIP_LIMITS,
  type ReadZipOptions,
  readZip,
  type WriteZipOptions,
  writeZip,
  type ZipLimits,
} from "./zip";
