/**
 * Cell types, their binary label and the distributions their morphology and markers are drawn from.
 * Numbers and their sources are tabulated in docs/synth.md; values marked "guess" there are guesses.
 *
 * Marker levels are in units of the detector's full scale (1 = the brightest value the camera records
 * before saturating), measured before optics, illumination and noise:
 * DNA = mean nuclear stain over the nucleus, CK = mean cytokeratin over the cytoplasm,
 * CD45 = mean leukocyte stain over the whole cell (most of it in the membrane ring).
 */

/** Fine types of single cells (and single objects: debris). */
export const SINGLE_CELL_TYPES = [
  "ctc",
  "ctc_low_ck",
  "lymphocyte",
  "neutrophil",
  "monocyte",
  "apoptotic",
  "debris",
] as const;

/** Fine types made of several touching single cells. */
export const COMPOUND_CELL_TYPES = ["ctc_cluster", "doublet"] as const;

/** Every fine type the simulator draws, singles first. */
export const CELL_TYPES = [...SINGLE_CELL_TYPES, ...COMPOUND_CELL_TYPES] as const;

/** A single-cell type. */
export type SingleCellType = (typeof SINGLE_CELL_TYPES)[number];

/** A compound type (cluster, doublet). */
export type CompoundCellType = (typeof COMPOUND_CELL_TYPES)[number];

/** A fine cell type. */
export type CellType = SingleCellType | CompoundCellType;

/** The binary ground truth the classifier learns. */
export type BinaryLabel = "CTC" | "non-CTC";

/** A normal distribution cut to [min, max]. */
export interface TruncatedNormalSpec {
  /** Mean before truncation. */
  readonly mean: number;
  /** Standard deviation before truncation. */
  readonly sd: number;
  /** Lowest value. */
  readonly min: number;
  /** Highest value. */
  readonly max: number;
}

/** A log-normal distribution. */
export interface LogNormalSpec {
  /** Median. */
  readonly median: number;
  /** Standard deviation of the natural log. */
  readonly logSd: number;
}

/** A marker's level: a two-component mixture of "positive" and "negative" cells. */
export interface MarkerSpec {
  /** Probability that a cell of this type is positive for the marker. */
  readonly positiveFraction: number;
  /** Level of positive cells. */
  readonly positive: LogNormalSpec;
  /** Level of negative cells (non-specific staining, autofluorescence). */
  readonly negative: LogNormalSpec;
}

/** Shape of the nucleus. */
export type NucleusShape = "round" | "lobed" | "kidney" | "fragmented" | "specks";

/** How cytokeratin is distributed in the cytoplasm. */
export type CkTexture = "filament" | "punctate" | "smooth";

/** A type made of several touching single cells (clusters, doublets). */
export interface CompoundSpec {
  /** Binary ground truth of the whole object. */
  readonly label: BinaryLabel;
  /** Weights of the single types each member is drawn from. */
  readonly members: Readonly<Partial<Record<SingleCellType, number>>>;
  /** Fewest members. */
  readonly minCount: number;
  /** Most members. */
  readonly maxCount: number;
  /** Centre distance of touching members as a fraction of the sum of their radii (below 1 overlaps). */
  readonly packing: number;
}

/** Everything that makes a cell type look the way it does. */
export interface CellTypeSpec {
  /** Binary ground truth of the type. */
  readonly label: BinaryLabel;
  /** Cell diameter in micrometres (in suspension, as imaged in the DEPArray cartridge). */
  readonly diameterUm: TruncatedNormalSpec;
  /** Nucleus diameter divided by cell diameter (for lobed nuclei: the span of the lobes). */
  readonly nucleusRatio: TruncatedNormalSpec;
  /** Nucleus shape. */
  readonly nucleus: NucleusShape;
  /** How far the nucleus sits off centre, as a fraction of the room it has (0 = centred). */
  readonly nucleusOffset: number;
  /** Amplitude of the random boundary harmonics (0 = a perfect circle). */
  readonly irregularity: number;
  /** Largest relative elongation (second harmonic). */
  readonly elongation: number;
  /** Nuclear stain (DAPI) level. */
  readonly dna: MarkerSpec;
  /** Cytokeratin level. */
  readonly ck: MarkerSpec;
  /** CD45 level. */
  readonly cd45: MarkerSpec;
  /** Autofluorescence added to every fluorescent channel, in full-scale units. */
  readonly autofluorescence: LogNormalSpec;
  /** Cytokeratin texture. */
  readonly ckTexture: CkTexture;
  /** Bright-field contrast relative to a typical cell (debris is more refractile). */
  readonly bfContrast: number;
}

const NEGATIVE_CK: LogNormalSpec = { median: 0.012, logSd: 0.5 };
const NEGATIVE_CD45: LogNormalSpec = { median: 0.012, logSd: 0.5 };
const NO_AUTOFLUORESCENCE: LogNormalSpec = { median: 0.004, logSd: 0.5 };

/**
 * The default single-cell table. Sources per row are in docs/synth.md.
 */
export const DEFAULT_CELL_TYPES: Readonly<Record<SingleCellType, CellTypeSpec>> = {
  ctc: {
    label: "CTC",
    diameterUm: { mean: 16, sd: 3, min: 11, max: 25 },
    nucleusRatio: { mean: 0.68, sd: 0.07, min: 0.5, max: 0.85 },
    nucleus: "round",
    nucleusOffset: 0.5,
    irregularity: 0.05,
    elongation: 0.12,
    dna: { positiveFraction: 1, positive: { median: 0.35, logSd: 0.3 }, negative: NEGATIVE_CK },
    ck: { positiveFraction: 0.97, positive: { median: 0.45, logSd: 0.5 }, negative: NEGATIVE_CK },
    cd45: { positiveFraction: 0, positive: { median: 0.3, logSd: 0.4 }, negative: NEGATIVE_CD45 },
    autofluorescence: NO_AUTOFLUORESCENCE,
    ckTexture: "filament",
    bfContrast: 1,
  },
  ctc_low_ck: {
    label: "CTC",
    diameterUm: { mean: 14, sd: 2.5, min: 10, max: 24 },
    nucleusRatio: { mean: 0.7, sd: 0.07, min: 0.5, max: 0.85 },
    nucleus: "round",
    nucleusOffset: 0.4,
    irregularity: 0.07,
    elongation: 0.2,
    dna: { positiveFraction: 1, positive: { median: 0.35, logSd: 0.3 }, negative: NEGATIVE_CK },
    ck: {
      positiveFraction: 0.35,
      positive: { median: 0.09, logSd: 0.4 },
      negative: { median: 0.03, logSd: 0.4 },
    },
    cd45: { positiveFraction: 0, positive: { median: 0.3, logSd: 0.4 }, negative: NEGATIVE_CD45 },
    autofluorescence: NO_AUTOFLUORESCENCE,
    ckTexture: "smooth",
    bfContrast: 1,
  },
  lymphocyte: {
    label: "non-CTC",
    diameterUm: { mean: 7.5, sd: 0.7, min: 6, max: 10 },
    nucleusRatio: { mean: 0.85, sd: 0.04, min: 0.75, max: 0.93 },
    nucleus: "round",
    nucleusOffset: 0.3,
    irregularity: 0.02,
    elongation: 0.05,
    dna: { positiveFraction: 1, positive: { median: 0.55, logSd: 0.25 }, negative: NEGATIVE_CK },
    ck: { positiveFraction: 0, positive: { median: 0.25, logSd: 0.5 }, negative: NEGATIVE_CK },
    cd45: { positiveFraction: 0.98, positive: { median: 0.5, logSd: 0.35 }, negative: NEGATIVE_CD45 },
    autofluorescence: NO_AUTOFLUORESCENCE,
    ckTexture: "smooth",
    bfContrast: 0.8,
  },
  neutrophil: {
    label: "non-CTC",
    diameterUm: { mean: 9.5, sd: 0.8, min: 8, max: 12 },
    nucleusRatio: { mean: 0.72, sd: 0.05, min: 0.6, max: 0.85 },
    nucleus: "lobed",
    nucleusOffset: 0.2,
    irregularity: 0.03,
    elongation: 0.06,
    dna: { positiveFraction: 1, positive: { median: 0.5, logSd: 0.25 }, negative: NEGATIVE_CK },
    ck: { positiveFraction: 0, positive: { median: 0.25, logSd: 0.5 }, negative: NEGATIVE_CK },
    cd45: { positiveFraction: 0.97, positive: { median: 0.25, logSd: 0.35 }, negative: NEGATIVE_CD45 },
    autofluorescence: { median: 0.008, logSd: 0.5 },
    ckTexture: "smooth",
    bfContrast: 1,
  },
  monocyte: {
    label: "non-CTC",
    diameterUm: { mean: 11, sd: 1, min: 9, max: 13.5 },
    nucleusRatio: { mean: 0.7, sd: 0.05, min: 0.6, max: 0.82 },
    nucleus: "kidney",
    nucleusOffset: 0.4,
    irregularity: 0.04,
    elongation: 0.08,
    dna: { positiveFraction: 1, positive: { median: 0.4, logSd: 0.25 }, negative: NEGATIVE_CK },
    ck: { positiveFraction: 0, positive: { median: 0.25, logSd: 0.5 }, negative: NEGATIVE_CK },
    cd45: { positiveFraction: 0.97, positive: { median: 0.4, logSd: 0.35 }, negative: NEGATIVE_CD45 },
    autofluorescence: { median: 0.006, logSd: 0.5 },
    ckTexture: "smooth",
    bfContrast: 1,
  },
  apoptotic: {
    label: "non-CTC",
    diameterUm: { mean: 10, sd: 2, min: 6, max: 16 },
    nucleusRatio: { mean: 0.6, sd: 0.08, min: 0.4, max: 0.8 },
    nucleus: "fragmented",
    nucleusOffset: 0.2,
    irregularity: 0.1,
    elongation: 0.15,
    dna: { positiveFraction: 1, positive: { median: 0.8, logSd: 0.25 }, negative: NEGATIVE_CK },
    ck: { positiveFraction: 0.5, positive: { median: 0.25, logSd: 0.5 }, negative: NEGATIVE_CK },
    cd45: { positiveFraction: 0.4, positive: { median: 0.2, logSd: 0.5 }, negative: NEGATIVE_CD45 },
    autofluorescence: { median: 0.01, logSd: 0.5 },
    ckTexture: "punctate",
    bfContrast: 1.2,
  },
  debris: {
    label: "non-CTC",
    diameterUm: { mean: 5, sd: 2, min: 2, max: 12 },
    nucleusRatio: { mean: 0.4, sd: 0.1, min: 0.2, max: 0.6 },
    nucleus: "specks",
    nucleusOffset: 0.5,
    irregularity: 0.18,
    elongation: 0.3,
    dna: {
      positiveFraction: 0.3,
      positive: { median: 0.15, logSd: 0.5 },
      negative: { median: 0.01, logSd: 0.5 },
    },
    ck: { positiveFraction: 0.1, positive: { median: 0.15, logSd: 0.6 }, negative: NEGATIVE_CK },
    cd45: { positiveFraction: 0.1, positive: { median: 0.1, logSd: 0.6 }, negative: NEGATIVE_CD45 },
    autofluorescence: { median: 0.04, logSd: 0.6 },
    ckTexture: "punctate",
    bfContrast: 1.8,
  },
};

/**
 * The default compound table: CTC clusters of 2 to 5 (Aceto et al. 2014) and leukocyte doublets.
 */
export const DEFAULT_COMPOUND_TYPES: Readonly<Record<CompoundCellType, CompoundSpec>> = {
  ctc_cluster: { label: "CTC", members: { ctc: 1 }, minCount: 2, maxCount: 5, packing: 0.85 },
  doublet: {
    label: "non-CTC",
    members: { lymphocyte: 2, neutrophil: 2, monocyte: 1 },
    minCount: 2,
    maxCount: 2,
    packing: 0.92,
  },
};

/** Leukocyte types: the ones the non-specific CK difficulty knob acts on. */
export const LEUKOCYTE_TYPES: readonly SingleCellType[] = ["lymphocyte", "neutrophil", "monocyte"];

/**
 * Whether a fine type is a compound (cluster, doublet).
 *
 * @param type - fine cell type
 * @returns true for compound types
 */
export function isCompound(type: CellType): type is CompoundCellType {
  return (COMPOUND_CELL_TYPES as readonly string[]).includes(type);
}
