import { CtcError } from "../core/errors";
import {
  CELL_TYPES,
  type CellType,
  type CellTypeSpec,
  type CompoundCellType,
  type CompoundSpec,
  type SingleCellType,
} from "./cell-types";
import { PRESETS, type PresetName } from "./presets";

/** What a channel shows. */
export type Stain = "brightfield" | "nucleus" | "epithelial" | "leukocyte" | "none";

/** One image channel: its name, what it shows, and its optics and detector. */
export interface ChannelSpec {
  /** Channel name in the output stack (e.g. "CK"). */
  readonly name: string;
  /** What it shows. "none" records only background, autofluorescence and bleed-through. */
  readonly stain: Stain;
  /** Standard deviation of the in-focus point-spread function, micrometres. */
  readonly psfSigmaUm: number;
  /** Background level, full-scale units (for bright field: the lamp level). */
  readonly background: number;
  /** Photons collected at full scale: sets the shot noise (fewer photons, more noise). */
  readonly fullWellPhotons: number;
}

/** Spectral bleed-through: a fraction of one channel's signal shows up in another. */
export interface BleedThrough {
  /** Source channel name. */
  readonly from: string;
  /** Receiving channel name. */
  readonly to: string;
  /** Fraction of the source signal added to the receiver. */
  readonly fraction: number;
}

/** The microscope and camera beyond each channel's own settings. */
export interface ImagingSpec {
  /** Gaussian read noise, standard deviation in full-scale units. */
  readonly readNoise: number;
  /** Camera offset (black level), full-scale units. */
  readonly offset: number;
  /** Shot noise: Poisson draws below this many photons, the normal approximation above. */
  readonly normalAbovePhotons: number;
  /** Crops: standard deviation of the illumination gain from cell to cell. */
  readonly illuminationSd: number;
  /** Crops: standard deviation of the illumination slope across the crop (relative change per crop). */
  readonly illuminationSlopeSd: number;
  /** Fields: relative drop of illumination in the corners of each camera frame (vignetting). */
  readonly vignetting: number;
  /** Fields: camera frame size in pixels (the vignetting repeats per frame, as in stitched scans). */
  readonly frameSizePx: number;
  /** Standard deviation of the defocus blur added per cell, micrometres. */
  readonly defocusSdUm: number;
  /** Standard deviation of the per-channel misregistration, pixels. */
  readonly misregistrationPx: number;
  /** Bright-field dark rim depth at the cell edge (relative to the lamp level). */
  readonly bfRim: number;
  /** Bright-field bright halo just outside the cell (relative to the lamp level). */
  readonly bfHalo: number;
  /** Spectral bleed-through between channels. */
  readonly bleedThrough: readonly BleedThrough[];
}

/** Knobs that make the task harder. All 0 means the clean default biology. */
export interface DifficultySpec {
  /**
   * 0 to 1: moves the marker distributions of the two classes towards each other (dimmer CK on CTCs,
   * dimmer CD45 on leukocytes, brighter negatives, wider spreads).
   */
  readonly markerOverlap: number;
  /**
   * 0 to 1: moves the sizes of the two classes towards each other (CTCs up to 35% smaller, leukocytes up
   * to 25% larger), so size alone no longer separates them.
   */
  readonly sizeOverlap: number;
  /** Probability that a CTC's CK is dimmed five-fold (on top of the low-CK type). */
  readonly dimCkFraction: number;
  /** Probability that a leukocyte shows bright non-specific CK. */
  readonly nonspecificCkFraction: number;
  /** Probability that a leukocyte's CD45 is dimmed five-fold. */
  readonly dimCd45Fraction: number;
  /** Noise multiplier: shot and read noise grow by this factor (1 = the declared camera). */
  readonly noiseScale: number;
  /** Probability that the recorded label is flipped (annotation errors). */
  readonly labelNoise: number;
}

/** A complete simulator configuration. */
export interface SynthConfig {
  /** Channels, in output order. */
  readonly channels: readonly ChannelSpec[];
  /** Pixel edge, micrometres. */
  readonly pixelSizeUm: number;
  /** Single-cell crop edge, pixels. */
  readonly cropSize: number;
  /** Output bit depth. */
  readonly bitDepth: 8 | 16;
  /** Probability that a cell is a CTC (1:1 is 0.5, 1:1000 is 1/1001). */
  readonly prevalence: number;
  /** Relative frequencies of the CTC types. */
  readonly ctcMix: Readonly<Partial<Record<CellType, number>>>;
  /** Relative frequencies of the non-CTC types. */
  readonly otherMix: Readonly<Partial<Record<CellType, number>>>;
  /** Difficulty knobs. */
  readonly difficulty: DifficultySpec;
  /** Microscope and camera. */
  readonly imaging: ImagingSpec;
  /** Single-cell types. */
  readonly types: Readonly<Record<SingleCellType, CellTypeSpec>>;
  /** Compound types. */
  readonly compounds: Readonly<Record<CompoundCellType, CompoundSpec>>;
}

/** Overrides of a preset: top-level fields replace, `difficulty`, `imaging` and `types` merge. */
export interface SynthOptions
  extends Partial<Omit<SynthConfig, "difficulty" | "imaging" | "types" | "compounds">> {
  /** The preset to start from; default "paper-like". */
  readonly preset?: PresetName;
  /** Difficulty overrides. */
  readonly difficulty?: Partial<DifficultySpec>;
  /** Imaging overrides. */
  readonly imaging?: Partial<ImagingSpec>;
  /** Per-type overrides, merged field by field into the preset's table. */
  readonly types?: Readonly<Partial<Record<SingleCellType, Partial<CellTypeSpec>>>>;
  /** Per-compound overrides. */
  readonly compounds?: Readonly<Partial<Record<CompoundCellType, Partial<CompoundSpec>>>>;
}

function invalid(field: string, expected: string, actual: unknown): CtcError {
  return new CtcError("INVALID_ARGUMENT", "invalid simulator option", { field, expected, actual });
}

function checkFraction(field: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw invalid(field, "a number in [0, 1]", value);
}

function checkPositive(field: string, value: number): void {
  if (!(value > 0 && Number.isFinite(value))) throw invalid(field, "a positive number", value);
}

function checkNonNegative(field: string, value: number): void {
  if (!(value >= 0 && Number.isFinite(value))) throw invalid(field, "a number >= 0", value);
}

function checkMix(field: string, mix: Readonly<Partial<Record<CellType, number>>>, needed: boolean): void {
  let total = 0;
  for (const [type, weight] of Object.entries(mix)) {
    if (!(CELL_TYPES as readonly string[]).includes(type))
      throw invalid(`${field}.${type}`, "a cell type", type);
    checkNonNegative(`${field}.${type}`, weight ?? 0);
    total += weight ?? 0;
  }
  if (needed && !(total > 0)) throw invalid(field, "at least one positive weight", mix);
}

function validate(config: SynthConfig): SynthConfig {
  const names = new Set<string>();
  if (config.channels.length === 0) throw invalid("channels", "at least one channel", config.channels);
  for (const channel of config.channels) {
    if (typeof channel.name !== "string" || channel.name.length === 0 || names.has(channel.name)) {
      throw invalid("channels", "unique non-empty channel names", channel.name);
    }
    names.add(channel.name);
    checkNonNegative(`channels.${channel.name}.psfSigmaUm`, channel.psfSigmaUm);
    checkNonNegative(`channels.${channel.name}.background`, channel.background);
    checkPositive(`channels.${channel.name}.fullWellPhotons`, channel.fullWellPhotons);
  }
  checkPositive("pixelSizeUm", config.pixelSizeUm);
  if (!Number.isInteger(config.cropSize) || config.cropSize < 8) {
    throw invalid("cropSize", "an integer >= 8", config.cropSize);
  }
  if (config.bitDepth !== 8 && config.bitDepth !== 16) throw invalid("bitDepth", "8 or 16", config.bitDepth);
  checkFraction("prevalence", config.prevalence);
  checkMix("ctcMix", config.ctcMix, config.prevalence > 0);
  checkMix("otherMix", config.otherMix, config.prevalence < 1);
  const d = config.difficulty;
  checkFraction("difficulty.markerOverlap", d.markerOverlap);
  checkFraction("difficulty.sizeOverlap", d.sizeOverlap);
  checkFraction("difficulty.dimCkFraction", d.dimCkFraction);
  checkFraction("difficulty.nonspecificCkFraction", d.nonspecificCkFraction);
  checkFraction("difficulty.dimCd45Fraction", d.dimCd45Fraction);
  checkFraction("difficulty.labelNoise", d.labelNoise);
  checkPositive("difficulty.noiseScale", d.noiseScale);
  const im = config.imaging;
  for (const key of [
    "readNoise",
    "offset",
    "illuminationSd",
    "illuminationSlopeSd",
    "defocusSdUm",
    "misregistrationPx",
    "bfRim",
    "bfHalo",
    "normalAbovePhotons",
  ] as const) {
    checkNonNegative(`imaging.${key}`, im[key]);
  }
  checkFraction("imaging.vignetting", im.vignetting);
  if (!Number.isInteger(im.frameSizePx) || im.frameSizePx < 1) {
    throw invalid("imaging.frameSizePx", "a positive integer", im.frameSizePx);
  }
  for (const bleed of im.bleedThrough) {
    if (!names.has(bleed.from) || !names.has(bleed.to)) {
      throw invalid("imaging.bleedThrough", "channel names present in channels", bleed);
    }
    checkFraction("imaging.bleedThrough.fraction", bleed.fraction);
  }
  return config;
}

/**
 * A complete, validated configuration: a preset with overrides merged in.
 *
 * @param options - preset name and overrides (all optional)
 * @returns the configuration the simulator runs with
 * @throws `CtcError` `INVALID_ARGUMENT` naming the first bad field
 */
export function resolveConfig(options: SynthOptions = {}): SynthConfig {
  const { preset = "paper-like", difficulty, imaging, types, compounds, ...rest } = options;
  const base = PRESETS[preset];
  if (base === undefined) throw invalid("preset", Object.keys(PRESETS).join(" | "), preset);
  const mergedTypes = { ...base.types };
  for (const [type, override] of Object.entries(types ?? {}) as [SingleCellType, Partial<CellTypeSpec>][]) {
    if (mergedTypes[type] === undefined) throw invalid(`types.${type}`, "a single-cell type", type);
    mergedTypes[type] = { ...mergedTypes[type], ...override };
  }
  const mergedCompounds = { ...base.compounds };
  for (const [type, override] of Object.entries(compounds ?? {}) as [
    CompoundCellType,
    Partial<CompoundSpec>,
  ][]) {
    if (mergedCompounds[type] === undefined) throw invalid(`compounds.${type}`, "a compound type", type);
    mergedCompounds[type] = { ...mergedCompounds[type], ...override };
  }
  // Drop keys given as undefined so they do not erase the preset's value.
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return validate({
    ...base,
    ...defined,
    difficulty: { ...base.difficulty, ...difficulty },
    imaging: { ...base.imaging, ...imaging },
    types: mergedTypes,
    compounds: mergedCompounds,
  });
}
