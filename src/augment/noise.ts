import type { PixelArray } from "../core/dtype";
import type { ChannelStack } from "../core/stack";
import { logUniform, uniformRange } from "../random/distributions";
import { normal } from "../random/normal";
import { poisson } from "../random/poisson";
import { Xoshiro128 } from "../random/xoshiro128";
import { mapChannels, mapChannelsInPlace, type PlaneKernel } from "./channels";
import type { AugmentOp } from "./op";
import { applyPointSteps, type GaussianNoiseStep } from "./pointwise";

/**
 * How shot noise is drawn: `poisson` exactly, or `gaussian`, the heteroscedastic normal approximation
 * `N(x, x / photons)` used for Poisson-Gaussian camera models (Foi et al. 2008), which is accurate once a
 * pixel collects a few tens of photons. Its normals are table normals with 16 bits each (`fillNormals16`:
 * half a generator step and one table read per pixel, within 2^-17 of the normal distribution function),
 * and a pipeline fuses it with the brightness and contrast steps before it into one pass.
 */
export type ShotNoiseModel = "poisson" | "gaussian";

/** Parameters of the `shot_noise` op. */
export interface ShotNoiseParams {
  /** Exact Poisson or its Gaussian approximation. */
  readonly model: ShotNoiseModel;
  /** Photons per unit of intensity, or null for no shot noise. */
  readonly photons: number | null;
  /** Standard deviation of the Gaussian read noise, in data units. */
  readonly read_sigma: number;
  /** Seed of the per-pixel noise stream (kept in the parameters so a record replays exactly). */
  readonly seed: number;
  /** Channels that get noise, in stack order of application. */
  readonly channels: readonly string[];
}

/**
 * The Poisson model's kernel factory: one xoshiro128** stream seeded by `params.seed`, shared by the
 * channels in the order they are visited, so the stack-copying and in-place paths draw the same numbers.
 */
function poissonKernel(params: ShotNoiseParams, photons: number): () => PlaneKernel {
  const rng = new Xoshiro128(params.seed);
  const sigma = params.read_sigma;
  return () => (src, start, out) => {
    for (let i = 0; i < out.length; i++) {
      let v = poisson(rng, Math.max(src[start + i], 0) * photons) / photons;
      if (sigma > 0) v += sigma * normal(rng);
      out[i] = v;
    }
  };
}

/** The photon scale when shot noise is drawn exactly (Poisson); undefined for the Gaussian approximation. */
function poissonPhotons(params: ShotNoiseParams): number | undefined {
  return params.model === "poisson" && params.photons !== null ? params.photons : undefined;
}

/** The Gaussian model (or read noise alone) as a step that a pipeline can fuse with its neighbours. */
function gaussianStep(params: ShotNoiseParams): GaussianNoiseStep {
  return {
    kind: "gaussian_noise",
    channels: params.channels,
    perPhoton: params.photons === null ? 0 : 1 / params.photons,
    variance: params.read_sigma * params.read_sigma,
    seed: params.seed,
  };
}

/**
 * Add camera noise from a xoshiro128** stream seeded by `params.seed`, visiting the channels in the listed
 * order: with the `poisson` model `y = Poisson(max(x, 0) * photons) / photons + read_sigma * N(0, 1)`
 * (ziggurat normals); with `gaussian`, or without `photons`, `y = x + sqrt(max(x, 0) / photons +
 * read_sigma^2) * z` (same mean and variance) with `z` from `fillNormals16`, each channel starting on a
 * fresh draw. Float data is not clamped; integer data is rounded and clamped.
 *
 * @param stack - input stack
 * @param params - model, photon scale, read noise, seed, channels
 * @returns the noisy stack
 */
export function shotNoise<A extends PixelArray>(
  stack: ChannelStack<A>,
  params: ShotNoiseParams,
): ChannelStack<A> {
  const photons = poissonPhotons(params);
  return photons === undefined
    ? applyPointSteps(stack, [gaussianStep(params)], false)
    : mapChannels(stack, params.channels, poissonKernel(params, photons));
}

/**
 * `{"op": "shot_noise", "photons": [50, 500], "read_sigma": [0, 0.01], "model": "poisson", "channels": [...]}`:
 * photon scale log-uniform in `photons` (omit the key for read noise only), read-noise sigma uniform in
 * `read_sigma`; `model` `poisson` (default, exact) or `gaussian` (see {@link ShotNoiseModel}).
 */
export const shotNoiseOp: AugmentOp<
  {
    model: ShotNoiseModel;
    photons: [number, number] | null;
    readSigma: [number, number];
    channels?: string[];
  },
  ShotNoiseParams
> = {
  kind: "photometric",
  parse: (reader) => ({
    model: reader.choice("model", ["poisson", "gaussian"], "poisson"),
    photons:
      reader.step.photons === undefined
        ? null
        : reader.range("photons", [1, 1], { exclusiveMin: 0, max: 1e9 }),
    readSigma: reader.range("read_sigma", [0, 0], { min: 0 }),
    channels: reader.channels("channels"),
  }),
  sample: (rng, shape, config) => ({
    model: config.model,
    photons: config.photons === null ? null : logUniform(rng, config.photons[0], config.photons[1]),
    read_sigma: uniformRange(rng, config.readSigma[0], config.readSigma[1]),
    seed: rng.next() >>> 0,
    channels: config.channels ?? shape.channels,
  }),
  apply: (stack, params, options = {}) => (options.mask ? stack : shotNoise(stack, params)),
  pointStep: (params) => (poissonPhotons(params) === undefined ? gaussianStep(params) : undefined),
  applyInPlace: (stack, params) => {
    const photons = poissonPhotons(params);
    return (
      photons !== undefined && mapChannelsInPlace(stack, params.channels, poissonKernel(params, photons))
    );
  },
};
