import {
  type BinaryLabel,
  type CellType,
  type CellTypeSpec,
  type CkTexture,
  isCompound,
  LEUKOCYTE_TYPES,
  type LogNormalSpec,
  type MarkerSpec,
  type SingleCellType,
  type TruncatedNormalSpec,
} from "./cell-types";
import type { DifficultySpec, SynthConfig } from "./config";
import { Rng } from "./rng";
import { maxRadius, type RadialShape } from "./shapes";

/** One cell of an object (a single cell is an object of one part; a doublet has two). */
export interface CellPartTruth {
  /** Single-cell type of this part. */
  readonly type: SingleCellType;
  /** Cell diameter drawn, micrometres (the mean outline diameter). */
  readonly diameterUm: number;
  /** Nucleus diameter drawn, micrometres (span of the lobes or fragments for those nuclei). */
  readonly nucleusDiameterUm: number;
  /** Cell outline, pixels, relative to the object's centre. */
  readonly body: RadialShape;
  /** Nucleus pieces (one for round nuclei, several for lobes, fragments, specks), relative to the body centre. */
  readonly nuclei: readonly RadialShape[];
  /** Indentation cut out of the nucleus (monocytes' kidney shape), relative to the body centre. */
  readonly notch: RadialShape | null;
  /** Mean DNA stain over the nucleus, full-scale units. */
  readonly dna: number;
  /** Mean cytokeratin over the cytoplasm, full-scale units. */
  readonly ck: number;
  /** Mean CD45 over the cell, full-scale units. */
  readonly cd45: number;
  /** Autofluorescence in every fluorescent channel, full-scale units. */
  readonly autofluorescence: number;
  /** Whether the CK level came from the type's positive component. */
  readonly ckPositive: boolean;
  /** Whether the CD45 level came from the type's positive component. */
  readonly cd45Positive: boolean;
  /** Difficulty: a leukocyte given bright non-specific CK. */
  readonly nonspecificCk: boolean;
  /** Difficulty: a CTC whose CK was dimmed. */
  readonly dimCk: boolean;
  /** Difficulty: a leukocyte whose CD45 was dimmed. */
  readonly dimCd45: boolean;
  /** Cytokeratin texture. */
  readonly ckTexture: CkTexture;
  /** Bright-field contrast factor. */
  readonly bfContrast: number;
  /** Seed of the part's textures. */
  readonly textureSeed: number;
}

/** Per-object imaging conditions (the noise parameters of the ground truth). */
export interface CellImaging {
  /** Extra defocus blur (standard deviation), micrometres. */
  readonly defocusUm: number;
  /** Illumination gain on this crop (fields use their own illumination instead). */
  readonly illuminationGain: number;
  /** Illumination slope across the crop, relative change per crop width in x and y. */
  readonly illuminationSlope: readonly [number, number];
  /** Per-channel misregistration `[dx, dy]`, pixels (fields use one shift per field instead). */
  readonly shiftsPx: readonly (readonly [number, number])[];
  /** Noise multiplier in force. */
  readonly noiseScale: number;
}

/** Everything that made one simulated object: the ground truth, deterministic from `(seed, index)`. */
export interface CellTruth {
  /** Seed of the simulation. */
  readonly seed: number;
  /** Index of the object within the seed. */
  readonly index: number;
  /** Fine type. */
  readonly type: CellType;
  /** Recorded binary label (after label noise): what an annotator would have written. */
  readonly label: BinaryLabel;
  /** True binary label. */
  readonly trueLabel: BinaryLabel;
  /** Whether label noise flipped the recorded label. */
  readonly labelFlipped: boolean;
  /** The cells of the object. */
  readonly parts: readonly CellPartTruth[];
  /** Radius around the object's centre that holds all of it, pixels. */
  readonly extentPx: number;
  /** Imaging conditions. */
  readonly imaging: CellImaging;
}

function drawTruncated(rng: Rng, spec: TruncatedNormalSpec): number {
  return rng.truncatedNormal(spec.mean, spec.sd, spec.min, spec.max);
}

function drawLogNormal(rng: Rng, spec: LogNormalSpec, scale: number, extraLogSd: number): number {
  return rng.logNormal(spec.median * scale, spec.logSd + extraLogSd);
}

function harmonics(rng: Rng, elongation: number, irregularity: number): number[] {
  const e = rng.between(0, elongation);
  const phase = rng.between(0, 2 * Math.PI);
  const out = [e * Math.cos(phase), e * Math.sin(phase)];
  // Higher harmonics fall off as 1/k so outlines stay smooth rather than jagged.
  for (let k = 3; k <= 5; k++)
    out.push((irregularity * rng.normal()) / (k - 2), (irregularity * rng.normal()) / (k - 2));
  return out;
}

function nucleusPieces(
  rng: Rng,
  spec: CellTypeSpec,
  bodyRadius: number,
  nucleusRadius: number,
): { nuclei: RadialShape[]; notch: RadialShape | null } {
  const room = Math.max(0, 0.92 * bodyRadius - nucleusRadius);
  const offset = spec.nucleusOffset * room * rng.uniform();
  const angle = rng.between(0, 2 * Math.PI);
  const cx = offset * Math.cos(angle);
  const cy = offset * Math.sin(angle);
  switch (spec.nucleus) {
    case "round":
      return {
        nuclei: [
          {
            x: cx,
            y: cy,
            radius: nucleusRadius,
            harmonics: harmonics(rng, spec.elongation, spec.irregularity),
          },
        ],
        notch: null,
      };
    case "kidney": {
      const towards = rng.between(0, 2 * Math.PI);
      return {
        nuclei: [{ x: cx, y: cy, radius: nucleusRadius, harmonics: harmonics(rng, 0.1, 0.02) }],
        notch: {
          x: cx + 0.95 * nucleusRadius * Math.cos(towards),
          y: cy + 0.95 * nucleusRadius * Math.sin(towards),
          radius: 0.55 * nucleusRadius,
          harmonics: [],
        },
      };
    }
    case "lobed": {
      // Three to five lobes strung along a C-shaped arc, as in segmented neutrophil nuclei.
      const count = rng.int(3, 5);
      const arc = 0.55 * nucleusRadius;
      const lobe = 0.38 * nucleusRadius;
      const start = rng.between(0, 2 * Math.PI);
      const span = rng.between(0.9, 1.3) * Math.PI;
      const nuclei: RadialShape[] = [];
      for (let i = 0; i < count; i++) {
        const t = start + (span * i) / (count - 1);
        nuclei.push({
          x: cx + arc * Math.cos(t),
          y: cy + arc * Math.sin(t),
          radius: lobe * rng.between(0.85, 1.1),
          harmonics: harmonics(rng, 0.1, 0.02),
        });
      }
      return { nuclei, notch: null };
    }
    case "fragmented": {
      // Apoptotic karyorrhexis: several small, dense, round fragments scattered in the cell.
      const count = rng.int(3, 7);
      const nuclei: RadialShape[] = [];
      for (let i = 0; i < count; i++) {
        const r = 0.65 * bodyRadius * Math.sqrt(rng.uniform());
        const t = rng.between(0, 2 * Math.PI);
        nuclei.push({
          x: r * Math.cos(t),
          y: r * Math.sin(t),
          radius: nucleusRadius * rng.between(0.18, 0.32),
          harmonics: [],
        });
      }
      return { nuclei, notch: null };
    }
    case "specks": {
      const count = rng.int(0, 3);
      const nuclei: RadialShape[] = [];
      for (let i = 0; i < count; i++) {
        const r = 0.6 * bodyRadius * Math.sqrt(rng.uniform());
        const t = rng.between(0, 2 * Math.PI);
        nuclei.push({ x: r * Math.cos(t), y: r * Math.sin(t), radius: rng.between(0.6, 1.4), harmonics: [] });
      }
      return { nuclei, notch: null };
    }
  }
}

function drawMarker(
  rng: Rng,
  spec: MarkerSpec,
  positiveScale: number,
  negativeScale: number,
  extraLogSd: number,
): [number, boolean] {
  const positive = rng.chance(spec.positiveFraction);
  const level = positive
    ? drawLogNormal(rng, spec.positive, positiveScale, extraLogSd)
    : drawLogNormal(rng, spec.negative, negativeScale, extraLogSd);
  return [level, positive];
}

function drawPart(
  rng: Rng,
  type: SingleCellType,
  config: SynthConfig,
  x: number,
  y: number,
  label: BinaryLabel,
): CellPartTruth {
  const spec = config.types[type];
  const d: DifficultySpec = config.difficulty;
  const px = config.pixelSizeUm;
  // Size overlap shrinks tumour cells and swells leukocytes by a fixed factor of the same draw (no extra
  // draw, so the knob at 0 leaves every cell unchanged): small CTCs and large leukocytes meet.
  const sizeFactor =
    label === "CTC"
      ? 1 - 0.35 * d.sizeOverlap
      : LEUKOCYTE_TYPES.includes(type)
        ? 1 + 0.25 * d.sizeOverlap
        : 1;
  const diameterUm = drawTruncated(rng, spec.diameterUm) * sizeFactor;
  const nucleusDiameterUm = diameterUm * drawTruncated(rng, spec.nucleusRatio);
  const bodyRadius = diameterUm / 2 / px;
  const body: RadialShape = {
    x,
    y,
    radius: bodyRadius,
    harmonics: harmonics(rng, spec.elongation, spec.irregularity),
  };
  const { nuclei, notch } = nucleusPieces(rng, spec, bodyRadius, nucleusDiameterUm / 2 / px);

  // Marker overlap pulls the two classes' distributions together: the defining marker of each class
  // dims, the marker it should lack brightens, and every spread widens.
  const m = d.markerOverlap;
  const isCtc = label === "CTC";
  const isLeukocyte = LEUKOCYTE_TYPES.includes(type);
  const extraLogSd = 0.3 * m;
  const [dna] = drawMarker(rng, spec.dna, 1, 1, 0);
  const [ckDrawn, ckPositive] = drawMarker(
    rng,
    spec.ck,
    isCtc ? 1 - 0.6 * m : 1,
    isCtc ? 1 : 1 + 3 * m,
    extraLogSd,
  );
  const [cd45Drawn, cd45Positive] = drawMarker(
    rng,
    spec.cd45,
    isCtc ? 1 : 1 - 0.6 * m,
    isCtc ? 1 + 3 * m : 1,
    extraLogSd,
  );
  const autofluorescence = drawLogNormal(rng, spec.autofluorescence, 1, 0);
  // Draw every difficulty coin whatever the type, so changing a knob never shifts later draws.
  const dimCkCoin = rng.chance(d.dimCkFraction);
  const nonspecificCoin = rng.chance(d.nonspecificCkFraction);
  const nonspecificLevel = drawLogNormal(rng, config.types.ctc.ck.positive, 0.5, 0.2);
  const dimCd45Coin = rng.chance(d.dimCd45Fraction);
  const dimCk = isCtc && dimCkCoin;
  const nonspecificCk = isLeukocyte && nonspecificCoin;
  const dimCd45 = isLeukocyte && dimCd45Coin;
  let ck = dimCk ? ckDrawn * 0.2 : ckDrawn;
  if (nonspecificCk) ck = Math.max(ck, nonspecificLevel);
  const cd45 = dimCd45 ? cd45Drawn * 0.2 : cd45Drawn;
  return {
    type,
    diameterUm,
    nucleusDiameterUm,
    body,
    nuclei,
    notch,
    dna,
    ck,
    cd45,
    autofluorescence,
    ckPositive,
    cd45Positive,
    nonspecificCk,
    dimCk,
    dimCd45,
    ckTexture: spec.ckTexture,
    bfContrast: spec.bfContrast,
    textureSeed: rng.int(0, 0x7fffffff),
  };
}

function pickType(rng: Rng, mix: Readonly<Partial<Record<CellType, number>>>): CellType {
  const types = Object.keys(mix) as CellType[];
  return types[rng.pick(types.map((t) => mix[t] ?? 0))];
}

function placeMembers(rng: Rng, radii: readonly number[], packing: number): [number, number][] {
  const centres: [number, number][] = [[0, 0]];
  for (let i = 1; i < radii.length; i++) {
    let best: [number, number] = [0, 0];
    let bestClearance = Number.NEGATIVE_INFINITY;
    // A few tries to find a spot touching one member and clear of the others.
    for (let attempt = 0; attempt < 12; attempt++) {
      const j = rng.int(0, i - 1);
      const t = rng.between(0, 2 * Math.PI);
      const dist = packing * (radii[i] + radii[j]);
      const candidate: [number, number] = [
        centres[j][0] + dist * Math.cos(t),
        centres[j][1] + dist * Math.sin(t),
      ];
      let clearance = Number.POSITIVE_INFINITY;
      for (let k = 0; k < i; k++) {
        const gap =
          Math.hypot(candidate[0] - centres[k][0], candidate[1] - centres[k][1]) -
          packing * (radii[i] + radii[k]);
        clearance = Math.min(clearance, gap);
      }
      if (clearance > bestClearance) {
        bestClearance = clearance;
        best = candidate;
      }
      if (clearance >= -1e-9) break;
    }
    centres.push(best);
  }
  const mx = centres.reduce((s, c) => s + c[0], 0) / centres.length;
  const my = centres.reduce((s, c) => s + c[1], 0) / centres.length;
  return centres.map(([x, y]) => [x - mx, y - my]);
}

/** The stream key of an object's own draws; its pixel noise uses another key. */
const TRUTH_STREAM = 0;

/**
 * Draw the ground truth of object `index` of a seed: type, labels, shapes, marker levels and imaging
 * conditions. Independent of any other index, so object i is the same however many came before.
 *
 * @param seed - simulation seed (integer)
 * @param index - object index (integer >= 0)
 * @param config - resolved configuration (see {@link resolveConfig})
 * @returns the ground truth
 */
export function sampleCell(seed: number, index: number, config: SynthConfig): CellTruth {
  const rng = new Rng(seed, [index, TRUTH_STREAM]);
  const isCtc = rng.chance(config.prevalence);
  const type = pickType(rng, isCtc ? config.ctcMix : config.otherMix);
  const trueLabel: BinaryLabel = isCompound(type) ? config.compounds[type].label : config.types[type].label;
  const labelFlipped = rng.chance(config.difficulty.labelNoise);
  const label: BinaryLabel = labelFlipped ? (trueLabel === "CTC" ? "non-CTC" : "CTC") : trueLabel;

  let parts: CellPartTruth[];
  if (isCompound(type)) {
    const compound = config.compounds[type];
    const count = rng.int(compound.minCount, compound.maxCount);
    const memberTypes = Object.keys(compound.members) as SingleCellType[];
    const weights = memberTypes.map((t) => compound.members[t] ?? 0);
    const drawn = Array.from({ length: count }, () => {
      const memberType = memberTypes[rng.pick(weights)];
      return drawPart(rng, memberType, config, 0, 0, trueLabel);
    });
    const centres = placeMembers(
      rng,
      drawn.map((p) => p.body.radius),
      compound.packing,
    );
    parts = drawn.map((p, i) => ({ ...p, body: { ...p.body, x: centres[i][0], y: centres[i][1] } }));
  } else {
    parts = [drawPart(rng, type, config, 0, 0, trueLabel)];
  }
  let extentPx = 0;
  for (const part of parts)
    extentPx = Math.max(extentPx, Math.hypot(part.body.x, part.body.y) + maxRadius(part.body));

  const im = config.imaging;
  const imaging: CellImaging = {
    defocusUm: Math.abs(rng.normal(0, im.defocusSdUm)),
    illuminationGain: rng.truncatedNormal(1, im.illuminationSd, 0.5, 1.5),
    illuminationSlope: [rng.normal(0, im.illuminationSlopeSd), rng.normal(0, im.illuminationSlopeSd)],
    shiftsPx: config.channels.map(() => [
      rng.normal(0, im.misregistrationPx),
      rng.normal(0, im.misregistrationPx),
    ]),
    noiseScale: config.difficulty.noiseScale,
  };
  return { seed, index, type, label, trueLabel, labelFlipped, parts, extentPx, imaging };
}
