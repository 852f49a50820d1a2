import { type ChannelStack, createStack } from "../core/stack";
import type { SynthConfig } from "./config";
import { objectMask } from "./mask";
import { cameraFor, exposeRun } from "./noise";
import { addShifted, applyBleedThrough, blurPlane, gaussianKernel } from "./optics";
import { Rng } from "./rng";
import { type CellPartTruth, type CellTruth, sampleCell } from "./sample-cell";
import { maxRadius, signedDistance } from "./shapes";
import { valueNoise } from "./texture";

// Imported bindings can compile to getter calls (CommonJS interop, as tsx emits); these run several
// times per painted pixel, so they are read once.
const distanceTo = signedDistance;
const noiseAt = valueNoise;

/** The blurred light of one object in a small window, before misregistration, illumination and noise. */
export interface ObjectSignal {
  /** Target x of the window's pixel (0, 0). */
  readonly x0: number;
  /** Target y of the window's pixel (0, 0). */
  readonly y0: number;
  /** Window width. */
  readonly width: number;
  /** Window height. */
  readonly height: number;
  /** C x height x width expected light above background, full-scale units (bright field may be negative). */
  readonly data: Float32Array;
}

/** A simulated single-cell crop with its ground truth. */
export interface SynthCell {
  /** The image, C x H x W, uint8 or uint16. */
  readonly stack: ChannelStack<Uint8Array | Uint16Array>;
  /** What made it. */
  readonly truth: CellTruth;
  /** H x W: 0 outside, k inside the outline of part k - 1. */
  readonly mask: Uint8Array;
}

/** Pixels outside the outline that still get light (bright-field halo, CD45 ring tail). */
const MARGIN_PX = 4;
/** Cytokeratin seen through the nucleus (cytoplasm above and below it), relative to the cytoplasm. */
const CK_OVER_NUCLEUS = 0.35;
/** Width (standard deviation) of the CD45 membrane ring, pixels. */
const RING_SD_PX = 0.8;
/** CD45 inside the ring (membrane above and below the cell), relative to the ring peak. */
const RING_INTERIOR = 0.25;
/** The noise stream key of a crop (key 0 is its ground truth, see sample-cell.ts). */
const NOISE_STREAM = 1;

function clamp01(v: number): number {
  return Math.min(Math.max(v, 0), 1);
}

/** Per-part constants of a cytokeratin texture, so the per-pixel work is arithmetic and lattice hashes. */
interface CkTextureParams {
  readonly kind: CellPartTruth["ckTexture"];
  readonly seed: number;
  readonly c1: number;
  readonly s1: number;
  readonly c2: number;
  readonly s2: number;
}

function ckTextureParams(part: CellPartTruth): CkTextureParams {
  // Two families of long, thin ridges at 60 degrees to each other: a keratin-like meshwork.
  const t1 = ((part.textureSeed & 1023) / 1024) * Math.PI;
  const t2 = t1 + Math.PI / 3;
  return {
    kind: part.ckTexture,
    seed: part.textureSeed,
    c1: Math.cos(t1),
    s1: Math.sin(t1),
    c2: Math.cos(t2),
    s2: Math.sin(t2),
  };
}

function ckTexture(p: CkTextureParams, dx: number, dy: number): number {
  switch (p.kind) {
    case "filament": {
      const r1 =
        1 -
        Math.abs(2 * noiseAt(p.seed ^ 0x51, (dx * p.c1 + dy * p.s1) / 4, (dy * p.c1 - dx * p.s1) / 1.1) - 1);
      const r2 =
        1 -
        Math.abs(2 * noiseAt(p.seed ^ 0x52, (dx * p.c2 + dy * p.s2) / 4, (dy * p.c2 - dx * p.s2) / 1.1) - 1);
      return 0.25 + r1 * r1 * r1 + r2 * r2 * r2;
    }
    case "punctate":
      return 0.1 + Math.max(0, noiseAt(p.seed ^ 0x53, dx / 1.5, dy / 1.5) - 0.55) * 6;
    case "smooth":
      return 0.8 + 0.4 * noiseAt(p.seed ^ 0x54, dx / 3, dy / 3);
  }
}

function paintPart(
  data: Float32Array,
  width: number,
  height: number,
  x0: number,
  y0: number,
  part: CellPartTruth,
  centreX: number,
  centreY: number,
  config: SynthConfig,
): void {
  const bx = centreX + part.body.x;
  const by = centreY + part.body.y;
  const reach = maxRadius(part.body) + MARGIN_PX;
  const ia = Math.max(0, Math.floor(bx - reach - x0));
  const ib = Math.min(width - 1, Math.ceil(bx + reach - x0));
  const ja = Math.max(0, Math.floor(by - reach - y0));
  const jb = Math.min(height - 1, Math.ceil(by + reach - y0));
  if (ib < ia || jb < ja) return;
  const bw = ib - ia + 1;
  const n = bw * (jb - ja + 1);
  // First pass: each compartment's per-pixel weight (geometry times texture). The second pass writes
  // channels scaled so that each marker's mean over its compartment equals the drawn level exactly: the
  // textures only redistribute it.
  // One allocation for the five planes: every typed array's backing store is allocated and freed on its own.
  const planes = new Float32Array(5 * n);
  const cov = planes.subarray(0, n);
  const dnaW = planes.subarray(n, 2 * n);
  const ckW = planes.subarray(2 * n, 3 * n);
  const ringW = planes.subarray(3 * n, 4 * n);
  const bfW = planes.subarray(4 * n);
  let sumNuc = 0;
  let sumDna = 0;
  let sumCyto = 0;
  let sumCytoCk = 0;
  let sumCov = 0;
  let sumRing = 0;
  const seed = part.textureSeed;
  const dense = part.nuclei.length > 1;
  const ck = ckTextureParams(part);
  const { bfRim, bfHalo } = config.imaging;
  const ringK = 1 / (2 * RING_SD_PX * RING_SD_PX);
  for (let j = ja; j <= jb; j++) {
    const dy = y0 + j - by;
    for (let i = ia; i <= ib; i++) {
      const dx = x0 + i - bx;
      const k = (j - ja) * bw + (i - ia);
      const d = distanceTo(part.body, dx, dy);
      if (d > MARGIN_PX) continue;
      const ring = Math.exp(-d * d * ringK);
      const halo = d - 1.8;
      // Transmitted light: a dark refractive rim at the edge, a bright halo just outside it.
      const bfEdge = -bfRim * Math.exp(-d * d) + bfHalo * Math.exp(-halo * halo * 0.5);
      const c = clamp01(0.5 - d);
      if (c === 0) {
        ringW[k] = ring;
        bfW[k] = bfEdge;
        continue;
      }
      let nv = 0;
      for (const piece of part.nuclei)
        nv = Math.max(nv, clamp01(0.5 - distanceTo(piece, dx - piece.x, dy - piece.y)));
      if (part.notch !== null && nv > 0) {
        nv *= clamp01(0.5 + distanceTo(part.notch, dx - part.notch.x, dy - part.notch.y));
      }
      nv = Math.min(nv, c);
      const cyto = c - nv;
      // Lobes and fragments are condensed chromatin: nearly uniform; round nuclei show clumps.
      const td = dense ? 1 : 0.55 + 0.9 * noiseAt(seed, dx / 2.2, dy / 2.2);
      const tc = ckTexture(ck, dx, dy);
      cov[k] = c;
      dnaW[k] = nv * td;
      ckW[k] = tc * (cyto + CK_OVER_NUCLEUS * nv);
      ringW[k] = ring + RING_INTERIOR * c;
      bfW[k] = bfEdge - 0.08 * c - 0.06 * nv + 0.12 * (noiseAt(seed ^ 0x55, dx / 1.3, dy / 1.3) - 0.5) * c;
      sumNuc += nv;
      sumDna += nv * td;
      sumCyto += cyto;
      sumCytoCk += cyto * tc;
      sumCov += c;
      sumRing += c * ringW[k];
    }
  }
  const dnaScale = sumDna > 0 ? (part.dna * sumNuc) / sumDna : 0;
  const ckScale = sumCytoCk > 0 ? (part.ck * sumCyto) / sumCytoCk : 0;
  const cd45Scale = sumRing > 0 ? (part.cd45 * sumCov) / sumRing : 0;
  const plane = width * height;
  const auto = part.autofluorescence;
  for (let ci = 0; ci < config.channels.length; ci++) {
    const channel = config.channels[ci];
    const [weights, scale, autoScale] =
      channel.stain === "brightfield"
        ? [bfW, channel.background * part.bfContrast, 0]
        : channel.stain === "nucleus"
          ? [dnaW, dnaScale, auto]
          : channel.stain === "epithelial"
            ? [ckW, ckScale, auto]
            : channel.stain === "leukocyte"
              ? [ringW, cd45Scale, auto]
              : [cov, 0, auto];
    for (let j = ja; j <= jb; j++) {
      const out = ci * plane + j * width;
      const row = (j - ja) * bw - ia;
      for (let i = ia; i <= ib; i++) data[out + i] += scale * weights[row + i] + autoScale * cov[row + i];
    }
  }
}

/**
 * The channels' Gaussian blur (PSF and this object's defocus added in quadrature), pixels.
 *
 * @param truth - the object
 * @param config - resolved configuration
 * @returns one standard deviation per channel
 */
export function blurSigmas(truth: CellTruth, config: SynthConfig): number[] {
  const defocus = truth.imaging.defocusUm / config.pixelSizeUm;
  return config.channels.map((channel) => Math.hypot(channel.psfSigmaUm / config.pixelSizeUm, defocus));
}

/**
 * Render one object's light into a small window around it: shapes, textures and marker levels, then
 * spectral bleed-through and each channel's blur. Used by both crops and fields.
 *
 * @param truth - the object (from {@link sampleCell})
 * @param config - resolved configuration
 * @param centreX - target x of the object's centre
 * @param centreY - target y of the object's centre
 * @returns the window
 */
export function renderObjectSignal(
  truth: CellTruth,
  config: SynthConfig,
  centreX: number,
  centreY: number,
): ObjectSignal {
  const kernels = blurSigmas(truth, config).map(gaussianKernel);
  const blurReach = Math.max(...kernels.map((k) => (k.length - 1) / 2));
  const pad = truth.extentPx + MARGIN_PX + blurReach + 1;
  const x0 = Math.floor(centreX - pad);
  const y0 = Math.floor(centreY - pad);
  const width = Math.ceil(centreX + pad) - x0 + 1;
  const height = Math.ceil(centreY + pad) - y0 + 1;
  const plane = width * height;
  const data = new Float32Array(config.channels.length * plane);
  for (const part of truth.parts) paintPart(data, width, height, x0, y0, part, centreX, centreY, config);
  const names = config.channels.map((c) => c.name);
  applyBleedThrough(
    data,
    plane,
    config.imaging.bleedThrough.map((b) => [names.indexOf(b.from), names.indexOf(b.to), b.fraction] as const),
  );
  const scratch = new Float32Array(plane);
  kernels.forEach((kernel, c) => {
    blurPlane(data.subarray(c * plane, (c + 1) * plane), width, height, kernel, scratch);
  });
  return { x0, y0, width, height, data };
}

/**
 * Render a single-cell crop of an object: its light, misregistration, background, the crop's
 * illumination (gain and slope), then the camera (shot and read noise, gain, offset, saturation).
 *
 * @param truth - the object (from {@link sampleCell})
 * @param config - resolved configuration
 * @returns the crop, its ground truth and its mask
 */
export function renderCell(truth: CellTruth, config: SynthConfig): SynthCell {
  const size = config.cropSize;
  const plane = size * size;
  const centre = (size - 1) / 2;
  const signal = renderObjectSignal(truth, config, centre, centre);
  const signalPlane = signal.width * signal.height;
  const channels = config.channels.length;
  const { illuminationGain, illuminationSlope, shiftsPx, noiseScale } = truth.imaging;
  const out = config.bitDepth === 8 ? new Uint8Array(channels * plane) : new Uint16Array(channels * plane);
  const rng = new Rng(truth.seed, [truth.index, NOISE_STREAM]);
  const stepX = illuminationGain * (illuminationSlope[0] / size);
  // One plane of light, reused channel after channel: each is exposed before the next is drawn.
  const light = new Float32Array(plane);
  for (let c = 0; c < channels; c++) {
    const channel = config.channels[c];
    const background = channel.background;
    if (c > 0) light.fill(0);
    const source = signal.data.subarray(c * signalPlane, (c + 1) * signalPlane);
    const [sx, sy] = shiftsPx[c];
    addShifted(light, size, size, source, signal.width, signal.height, signal.x0, signal.y0, sx, sy);
    for (let y = 0; y < size; y++) {
      const rowStart =
        illuminationGain * (1 + illuminationSlope[1] * (y / size - 0.5) - illuminationSlope[0] / 2);
      const row = y * size;
      for (let x = 0; x < size; x++) light[row + x] = (rowStart + stepX * x) * (background + light[row + x]);
    }
    exposeRun(
      light,
      0,
      plane,
      out,
      c * plane,
      cameraFor(channel, config.imaging, config.bitDepth, noiseScale),
      rng,
    );
  }
  const stack = createStack(out, {
    channels: config.channels.map((c) => c.name),
    height: size,
    width: size,
    pixelSizeUm: config.pixelSizeUm,
  });
  return { stack, truth, mask: objectMask(truth, centre, centre, 0, 0, size, size) };
}

/**
 * Simulate single-cell crop `index` of a seed: {@link sampleCell} then {@link renderCell}. The same
 * (seed, index, config) always gives the same bytes.
 *
 * @param seed - simulation seed (integer)
 * @param index - cell index (integer >= 0)
 * @param config - resolved configuration (see {@link resolveConfig})
 * @returns the crop, its ground truth and its mask
 */
export function generateCell(seed: number, index: number, config: SynthConfig): SynthCell {
  return renderCell(sampleCell(seed, index, config), config);
}
