import type { PixelArray } from "../core/dtype";
import type { ChannelStack } from "../core/stack";
import { logUniform, uniformRange } from "../random/distributions";
import { normal } from "../random/normal";
import { poisson } from "../random/poisson";
import { Xoshiro128 } from "../random/xoshiro128";
import { mapChannels } from "./channels";
import type { AugmentOp } from "./op";

/**
 * How shot noise is drawn: `poisson` exactly, or `gaussian`, the heteroscedastic normal approximation
 * `N(x, x / photons)` used for Poisson-Gaussian camera models (Foi et al. 2008), which is accurate once a
 * pixel collects a few tens of photons and costs one normal draw per pixel instead of a Poisson draw.
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
 * Add camera noise from a xoshiro128** stream seeded by `params.seed`: with the `poisson` model
 * `y = Poisson(max(x, 0) * photons) / photons + read_sigma * N(0, 1)`; with `gaussian`,
 * `y = x + sqrt(max(x, 0) / photons + read_sigma^2) * N(0, 1)` (same mean and variance). Float data is
 * not clamped; integer data is rounded and clamped.
 *
 * @param stack - input stack
 * @param params - model, photon scale, read noise, seed, channels
 * @returns the noisy stack
 */
export function shotNoise<A extends PixelArray>(
  stack: ChannelStack<A>,
  params: ShotNoiseParams,
): ChannelStack<A> {
  // The per-pixel stream is xoshiro128**, all 32-bit integer steps: a 64 x 64 x 4 cell takes 16,384
  // normals, and pure-rand's 64-bit emulation made them half the cost of the whole default pipeline.
  const rng = new Xoshiro128(params.seed);
  const { photons, read_sigma: sigma } = params;
  const variance = sigma * sigma;
  if (params.model === "gaussian" || photons === null) {
    const perPhoton = photons === null ? 0 : 1 / photons;
    return mapChannels(stack, params.channels, () => (src, start, out) => {
      for (let i = 0; i < out.length; i++) {
        const v = src[start + i];
        out[i] = v + Math.sqrt((v > 0 ? v * perPhoton : 0) + variance) * normal(rng);
      }
    });
  }
  return mapChannels(stack, params.channels, () => (src, start, out) => {
    for (let i = 0; i < out.length; i++) {
      let v = poisson(rng, Math.max(src[start + i], 0) * photons) / photons;
      if (sigma > 0) v += sigma * normal(rng);
      out[i] = v;
    }
  });
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
};
