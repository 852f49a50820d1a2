import type { PixelArray } from "../core/dtype";
import type { ChannelStack } from "../core/stack";
import { normal } from "../random/normal";
import { upsampleGrid } from "./field";
import type { AugmentOp } from "./op";
import { type CoordinateMap, type Fill, type Interpolation, remap } from "./sampler";

/** Parameters of the `elastic` op: the control grid of the displacement field, and the resampling. */
export interface ElasticParams {
  /** Control points per side. */
  readonly grid: number;
  /** g x g horizontal displacements in pixels, row-major. */
  readonly dx: readonly number[];
  /** g x g vertical displacements in pixels, row-major. */
  readonly dy: readonly number[];
  /** Interpolation. */
  readonly interpolation: Interpolation;
  /** Border handling. */
  readonly fill: Fill;
  /** Fill value for `constant`. */
  readonly cval: number;
}

/**
 * The source coordinates of an elastic deformation: output pixel `(x, y)` reads source
 * `(x + DX(x, y), y + DY(x, y))`, with DX, DY the control grids upsampled by {@link upsampleGrid}.
 *
 * @param params - control grids
 * @param size - image `height` and `width`
 * @returns source `y` and `x` of every output pixel
 */
export function elasticCoordinates(
  params: Pick<ElasticParams, "grid" | "dx" | "dy">,
  size: { readonly height: number; readonly width: number },
): CoordinateMap {
  const { height, width } = size;
  const x = upsampleGrid(params.dx, params.grid, height, width);
  const y = upsampleGrid(params.dy, params.grid, height, width);
  for (let i = 0; i < height * width; i++) {
    const row = Math.floor(i / width);
    x[i] += i - row * width;
    y[i] += row;
  }
  return { height, width, y, x };
}

/**
 * Apply an elastic deformation to all channels.
 *
 * @param stack - input stack (integer results are rounded and clamped)
 * @param params - control grids and resampling
 * @returns the deformed stack
 */
export function applyElastic<A extends PixelArray>(
  stack: ChannelStack<A>,
  params: ElasticParams,
): ChannelStack<A> {
  return remap(stack, elasticCoordinates(params, stack), params);
}

/**
 * `{"op": "elastic", "grid": 4, "sigma": 2}`: a smooth random displacement field. Control-point
 * displacements are independent N(0, sigma^2) pixels on a `grid x grid` lattice spanning the image,
 * interpolated by Catmull-Rom; `interpolation`, `fill`, `cval` as for affine ops.
 */
export const elasticOp: AugmentOp<
  { grid: number; sigma: number; interpolation: Interpolation; fill: Fill; cval: number },
  ElasticParams
> = {
  kind: "geometric",
  parse: (reader) => ({
    grid: reader.number("grid", 4, { min: 2, max: 32, integer: true }),
    sigma: reader.number("sigma", 2, { min: 0, max: 1000 }),
    interpolation: reader.choice("interpolation", ["nearest", "bilinear"], "bilinear"),
    fill: reader.choice("fill", ["constant", "edge", "reflect", "symmetric"], "reflect"),
    cval: reader.number("cval", 0),
  }),
  sample: (rng, _shape, config) => {
    const n = config.grid * config.grid;
    const dx = Array.from({ length: n }, () => config.sigma * normal(rng));
    const dy = Array.from({ length: n }, () => config.sigma * normal(rng));
    const { grid, interpolation, fill, cval } = config;
    return { grid, dx, dy, interpolation, fill, cval };
  },
  apply: (stack, params, options = {}) =>
    applyElastic(
      stack,
      options.mask ? { ...params, interpolation: "nearest", fill: "constant", cval: 0 } : params,
    ),
};
