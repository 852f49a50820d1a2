import type { PixelArray } from "../core/dtype";
import type { ChannelStack } from "../core/stack";
import { logUniform, uniformRange } from "../random/distributions";
import { normal, normalRejected, ZIGGURAT_K, ZIGGURAT_W } from "../random/normal";
import { poisson } from "../random/poisson";
import { Xoshiro128 } from "../random/xoshiro128";
import { mapChannels, mapChannelsInPlace, type PlaneKernel } from "./channels";
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
 * The kernel factory of {@link shotNoise}: one xoshiro128** stream seeded by `params.seed`, shared by the
 * channels in the order they are visited, so the stack-copying and in-place paths draw the same numbers.
 */
function noiseKernel(params: ShotNoiseParams): () => PlaneKernel {
  // The per-pixel stream is xoshiro128**, all 32-bit integer steps: a 64 x 64 x 4 cell takes 16,384
  // normals, and pure-rand's 64-bit emulation made them half the cost of the whole default pipeline.
  const rng = new Xoshiro128(params.seed);
  const { photons, read_sigma: sigma } = params;
  const variance = sigma * sigma;
  if (params.model === "gaussian" || photons === null) {
    const perPhoton = photons === null ? 0 : 1 / photons;
    return () => (src, start, out) => {
      // The generator's step and the ziggurat's fast path are inlined on local state: a call to next()
      // per pixel through normal() cost about as much as the rest of the loop. The draws are exactly
      // those of normal(rng): the rare rejected draw hands the state back to normalRejected.
      // Imported bindings can compile to property reads through getters (CommonJS interop, as tsx and
      // bundlers emit), so the tables are read once into locals rather than per pixel.
      const k = ZIGGURAT_K;
      const w = ZIGGURAT_W;
      const s = rng.s;
      let s0 = s[0];
      let s1 = s[1];
      let s2 = s[2];
      let s3 = s[3];
      for (let i = 0; i < out.length; i++) {
        const m = Math.imul(s1, 5);
        const j = Math.imul((m << 7) | (m >>> 25), 9);
        const t2 = s2 ^ s0;
        const t3 = s3 ^ s1;
        s2 = t2 ^ (s1 << 9);
        s0 ^= t3;
        s1 ^= t2;
        s3 = (t3 << 11) | (t3 >>> 21);
        const iz = j >>> 25;
        const hz = j << 7;
        let z: number;
        if (Math.abs(hz) < k[iz]) {
          z = hz * w[iz];
        } else {
          s[0] = s0;
          s[1] = s1;
          s[2] = s2;
          s[3] = s3;
          z = normalRejected(rng, hz, iz);
          s0 = s[0];
          s1 = s[1];
          s2 = s[2];
          s3 = s[3];
        }
        const v = src[start + i];
        out[i] = v + Math.sqrt((v > 0 ? v * perPhoton : 0) + variance) * z;
      }
      s[0] = s0;
      s[1] = s1;
      s[2] = s2;
      s[3] = s3;
    };
  }
  return () => (src, start, out) => {
    for (let i = 0; i < out.length; i++) {
      let v = poisson(rng, Math.max(src[start + i], 0) * photons) / photons;
      if (sigma > 0) v += sigma * normal(rng);
      out[i] = v;
    }
  };
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
  return mapChannels(stack, params.channels, noiseKernel(params));
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
  applyInPlace: (stack, params) => mapChannelsInPlace(stack, params.channels, noiseKernel(params)),
};
