import type { PixelArray } from "../core/dtype";
import type { ChannelStack } from "../core/stack";
import { sincos } from "../random/detmath";
import { logUniform, uniformRange } from "../random/distributions";
import type { ApplyViewOptions, AugmentOp, StackShape } from "./op";
import { type AffineMatrix, type Fill, type Interpolation, warpView } from "./sampler";
import type { StepReader } from "./spec";
import { type StackView, viewOf } from "./view";

/**
 * Parameters of every affine op (`rotate`, `translate`, `scale`, `shear`, `affine`): a complete recipe,
 * interpolation and fill included, so a logged record replays without the pipeline.
 */
export interface AffineParams {
  /** Rotation in degrees, counter-clockwise as displayed (y down). */
  readonly angle: number;
  /** Shift `[dx, dy]` in pixels, applied last. */
  readonly translate: readonly [number, number];
  /** Scale factors `[sx, sy]`. */
  readonly scale: readonly [number, number];
  /** Shear angles `[x, y]` in degrees: `x' = x + tan(sx) y`, `y' = y + tan(sy) x`. */
  readonly shear: readonly [number, number];
  /** Interpolation. */
  readonly interpolation: Interpolation;
  /** Border handling. */
  readonly fill: Fill;
  /** Fill value for `constant`. */
  readonly cval: number;
}

const DEG = Math.PI / 180;

/**
 * The forward (source-to-output) matrix of affine parameters for an image of a given size:
 * `p' = c + t + R(angle) Shear Scale (p - c)` with `c` the image centre `((w-1)/2, (h-1)/2)` in pixel
 * coordinates (x right, y down) and `R = [[cos, sin], [-sin, cos]]`, which turns counter-clockwise on
 * screen. A bright pixel at `(x, y)` lands at `(a x + b y + c, d x + e y + f)`.
 *
 * @param params - angle, translation, scale and shear
 * @param size - image `height` and `width`
 * @returns `[a, b, c, d, e, f]`
 */
export function affineMatrix(
  params: Pick<AffineParams, "angle" | "translate" | "scale" | "shear">,
  size: { readonly height: number; readonly width: number },
): AffineMatrix {
  const [sin, cos] = sincos(params.angle * DEG);
  const [shxSin, shxCos] = sincos(params.shear[0] * DEG);
  const [shySin, shyCos] = sincos(params.shear[1] * DEG);
  const [sx, sy] = params.scale;
  // Shear . Scale = [[sx, tx*sy], [ty*sx, sy]].
  const m00 = sx;
  const m01 = (shxSin / shxCos) * sy;
  const m10 = (shySin / shyCos) * sx;
  const m11 = sy;
  const a = cos * m00 + sin * m10;
  const b = cos * m01 + sin * m11;
  const d = -sin * m00 + cos * m10;
  const e = -sin * m01 + cos * m11;
  const cx = (size.width - 1) / 2;
  const cy = (size.height - 1) / 2;
  return [a, b, cx + params.translate[0] - a * cx - b * cy, d, e, cy + params.translate[1] - d * cx - e * cy];
}

/**
 * The inverse of an affine matrix.
 *
 * @param m - `[a, b, c, d, e, f]`
 * @returns the matrix of the inverse map
 */
export function invertAffine(m: AffineMatrix): AffineMatrix {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

/**
 * Apply affine parameters: every channel moves together, resampled at the same size.
 *
 * @param stack - input stack (integer results are rounded and clamped)
 * @param params - affine parameters
 * @returns the warped stack
 */
export function applyAffine<A extends PixelArray>(
  stack: ChannelStack<A>,
  params: AffineParams,
): ChannelStack<A> {
  return affineFromView(viewOf(stack), params);
}

function affineFromView<A extends PixelArray>(
  view: StackView<A>,
  params: AffineParams,
  options: ApplyViewOptions = {},
): ChannelStack<A> {
  const { interpolation, fill, cval } = params;
  const { kernels, out } = options;
  return warpView(view, invertAffine(affineMatrix(params, view)), view, {
    interpolation,
    fill,
    cval,
    kernels,
    out,
  });
}

/** Parsed configuration of the affine family; absent parts stay at the identity. */
export interface AffineConfig {
  /** Rotation range in degrees. */
  readonly degrees: readonly [number, number];
  /** Largest shift as a fraction of `[width, height]`. */
  readonly translate: readonly [number, number];
  /** Scale range, drawn log-uniformly. */
  readonly scale: readonly [number, number];
  /** Whether x and y share one scale draw. */
  readonly isotropic: boolean;
  /** Shear range in degrees, drawn independently for x and y. */
  readonly shear: readonly [number, number];
  /** Interpolation. */
  readonly interpolation: Interpolation;
  /** Border handling. */
  readonly fill: Fill;
  /** Fill value for `constant`. */
  readonly cval: number;
}

const INTERPOLATIONS: readonly Interpolation[] = ["nearest", "bilinear"];
const FILLS: readonly Fill[] = ["constant", "edge", "reflect", "symmetric"];

type Part = "degrees" | "translate" | "scale" | "shear";

function parseAffine(
  reader: StepReader,
  parts: readonly Part[],
  defaults: Partial<AffineConfig>,
): AffineConfig {
  const has = (part: Part) => parts.includes(part);
  const config: AffineConfig = {
    degrees: has("degrees")
      ? reader.range("degrees", defaults.degrees ?? [0, 0], { min: -360, max: 360 })
      : [0, 0],
    translate: has("translate")
      ? reader.pair("max_fraction", defaults.translate ?? [0, 0], { min: 0, max: 1 })
      : [0, 0],
    scale: has("scale")
      ? reader.range("scale", defaults.scale ?? [1, 1], { exclusiveMin: 0, max: 100 })
      : [1, 1],
    isotropic: has("scale") ? reader.flag("isotropic", true) : true,
    shear: has("shear") ? reader.range("shear", defaults.shear ?? [0, 0], { min: -60, max: 60 }) : [0, 0],
    interpolation: reader.choice("interpolation", INTERPOLATIONS, "bilinear"),
    fill: reader.choice("fill", FILLS, "reflect"),
    cval: reader.number("cval", 0),
  };
  return config;
}

function sampleAffine(
  rng: Parameters<AugmentOp["sample"]>[0],
  shape: StackShape,
  config: AffineConfig,
): AffineParams {
  const angle = uniformRange(rng, config.degrees[0], config.degrees[1]);
  const dx = uniformRange(rng, -config.translate[0], config.translate[0]) * shape.width;
  const dy = uniformRange(rng, -config.translate[1], config.translate[1]) * shape.height;
  const sx = logUniform(rng, config.scale[0], config.scale[1]);
  const sy = config.isotropic ? sx : logUniform(rng, config.scale[0], config.scale[1]);
  const shx = uniformRange(rng, config.shear[0], config.shear[1]);
  const shy = uniformRange(rng, config.shear[0], config.shear[1]);
  return {
    angle,
    translate: [dx, dy],
    scale: [sx, sy],
    shear: [shx, shy],
    interpolation: config.interpolation,
    fill: config.fill,
    cval: config.cval,
  };
}

function affineFamily(
  parts: readonly Part[],
  defaults: Partial<AffineConfig>,
): AugmentOp<AffineConfig, AffineParams> {
  return {
    kind: "geometric",
    parse: (reader) => parseAffine(reader, parts, defaults),
    sample: sampleAffine,
    apply: (stack, params, options = {}) =>
      applyAffine(
        stack,
        options.mask ? { ...params, interpolation: "nearest", fill: "constant", cval: 0 } : params,
      ),
    applyView: (view, params, options) => viewOf(affineFromView(view, params, options)),
  };
}

/**
 * `{"op": "rotate", "degrees": [-180, 180]}`: rotation about the centre by an angle uniform in `degrees`.
 * All affine ops take `interpolation` (`bilinear`), `fill` (`reflect`) and `cval` (0).
 */
export const rotateOp = affineFamily(["degrees"], { degrees: [-180, 180] });

/** `{"op": "translate", "max_fraction": [0.1, 0.1]}`: shift uniform in `±max_fraction * [width, height]`. */
export const translateOp = affineFamily(["translate"], { translate: [0.1, 0.1] });

/** `{"op": "scale", "scale": [0.9, 1.1], "isotropic": true}`: zoom about the centre, log-uniform. */
export const scaleOp = affineFamily(["scale"], { scale: [0.9, 1.1] });

/** `{"op": "shear", "shear": [-10, 10]}`: x and y shear angles, each uniform in degrees. */
export const shearOp = affineFamily(["shear"], { shear: [-10, 10] });

/**
 * `{"op": "affine", "degrees": ..., "max_fraction": ..., "scale": ..., "shear": ...}`: all of the above in
 * one resampling (one interpolation instead of four). Parts left out stay at the identity.
 */
export const affineOp = affineFamily(["degrees", "translate", "scale", "shear"], {});
