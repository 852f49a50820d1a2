import type { bestThresholdF1, markerScore } from "./baseline";
import { DEFAULT_CELL_TYPES, DEFAULT_COMPOUND_TYPES } from "./cell-types";
import type { ChannelSpec, ImagingSpec, SynthConfig } from "./config";

/** Names of the built-in presets. */
export type PresetName = "paper-like" | "easy";

/**
 * The default channels: bright field, DAPI, cytokeratin (PE), CD45 (APC), as in DEPArray exports.
 * PSF widths and photon budgets are guesses (see docs/synth.md).
 */
export const DEFAULT_CHANNELS: readonly ChannelSpec[] = [
  { name: "BF", stain: "brightfield", psfSigmaUm: 0.6, background: 0.45, fullWellPhotons: 4000 },
  { name: "DAPI", stain: "nucleus", psfSigmaUm: 0.45, background: 0.02, fullWellPhotons: 1500 },
  { name: "CK", stain: "epithelial", psfSigmaUm: 0.5, background: 0.03, fullWellPhotons: 1500 },
  { name: "CD45", stain: "leukocyte", psfSigmaUm: 0.55, background: 0.02, fullWellPhotons: 1500 },
];

const IMAGING: ImagingSpec = {
  readNoise: 0.004,
  offset: 0.01,
  normalAbovePhotons: 10,
  illuminationSd: 0.08,
  illuminationSlopeSd: 0.05,
  vignetting: 0.25,
  frameSizePx: 1024,
  defocusSdUm: 0.6,
  misregistrationPx: 0.5,
  bfRim: 0.35,
  bfHalo: 0.15,
  bleedThrough: [
    { from: "DAPI", to: "CK", fraction: 0.02 },
    { from: "CK", to: "CD45", fraction: 0.03 },
  ],
};

/**
 * The built-in presets.
 *
 * - `paper-like`: calibrated on a trained network: the library's small ResNet (`training/configs/default.json`)
 *   reaches a cross-validated F1 of about 0.86 (the published ResNet: 0.78 on real cells), not 1.0, while the
 *   best single threshold on (mean CK - mean CD45) in the cell mask ({@link markerScore},
 *   {@link bestThresholdF1}) reaches about 0.62. Prevalence 0.3 is a guess at a curated training set.
 * - `easy`: bright markers, mild noise, only clear CTCs and leukocytes; a threshold scores F1 near 1.
 */
export const PRESETS: Readonly<Record<PresetName, SynthConfig>> = {
  "paper-like": {
    channels: DEFAULT_CHANNELS,
    pixelSizeUm: 0.64,
    cropSize: 64,
    bitDepth: 16,
    prevalence: 0.3,
    ctcMix: { ctc: 0.75, ctc_low_ck: 0.18, ctc_cluster: 0.07 },
    otherMix: {
      lymphocyte: 0.35,
      neutrophil: 0.3,
      monocyte: 0.15,
      apoptotic: 0.08,
      debris: 0.07,
      doublet: 0.05,
    },
    difficulty: {
      markerOverlap: 0.8,
      sizeOverlap: 0.6,
      dimCkFraction: 0.25,
      nonspecificCkFraction: 0.15,
      dimCd45Fraction: 0.15,
      noiseScale: 1.5,
      labelNoise: 0.05,
    },
    imaging: IMAGING,
    types: DEFAULT_CELL_TYPES,
    compounds: DEFAULT_COMPOUND_TYPES,
  },
  easy: {
    channels: DEFAULT_CHANNELS,
    pixelSizeUm: 0.64,
    cropSize: 64,
    bitDepth: 16,
    prevalence: 0.5,
    ctcMix: { ctc: 0.9, ctc_cluster: 0.1 },
    otherMix: { lymphocyte: 0.4, neutrophil: 0.35, monocyte: 0.2, doublet: 0.05 },
    difficulty: {
      markerOverlap: 0,
      sizeOverlap: 0,
      dimCkFraction: 0,
      nonspecificCkFraction: 0,
      dimCd45Fraction: 0,
      noiseScale: 0.5,
      labelNoise: 0,
    },
    imaging: { ...IMAGING, defocusSdUm: 0.2, misregistrationPx: 0, illuminationSd: 0.03 },
    types: DEFAULT_CELL_TYPES,
    compounds: DEFAULT_COMPOUND_TYPES,
  },
};
