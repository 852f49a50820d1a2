import type { ChannelSpec, ImagingSpec } from "./config";
import type { Rng } from "./rng";

/** A channel's camera in digital numbers (DN): what turns expected light into pixel values. */
export interface Camera {
  /** Photons collected per full-scale unit of expected light. */
  readonly photonsPerUnit: number;
  /** Gain, DN per photon. */
  readonly gain: number;
  /** Offset (black level), DN. */
  readonly offset: number;
  /** Read noise standard deviation, DN. */
  readonly readNoise: number;
  /** Largest value (saturation), DN. */
  readonly maxValue: number;
  /** Poisson below this many photons, normal approximation above. */
  readonly normalAbove: number;
}

/**
 * The camera of one channel. The full scale (1.0) maps to the top of the bit depth, so a channel's
 * photon budget sets its shot noise whatever the bit depth; `noiseScale` k divides the photon budget by
 * k squared (shot noise relative to signal grows k-fold) and multiplies the read noise by k.
 *
 * @param channel - channel settings
 * @param imaging - shared camera settings
 * @param bitDepth - 8 or 16
 * @param noiseScale - noise multiplier (1 = as declared)
 * @returns the camera
 */
export function cameraFor(
  channel: ChannelSpec,
  imaging: ImagingSpec,
  bitDepth: 8 | 16,
  noiseScale: number,
): Camera {
  const maxValue = bitDepth === 8 ? 255 : 65535;
  const photonsPerUnit = channel.fullWellPhotons / (noiseScale * noiseScale);
  return {
    photonsPerUnit,
    gain: maxValue / photonsPerUnit,
    offset: imaging.offset * maxValue,
    readNoise: imaging.readNoise * noiseScale * maxValue,
    maxValue,
    normalAbove: imaging.normalAbovePhotons,
  };
}

/**
 * Expose a run of pixels: photon counts with Poisson shot noise, gain, offset, Gaussian read noise,
 * rounding and clipping to the bit depth (saturation). Above `camera.normalAbove` photons the shot and
 * read noise are drawn together as one normal of variance `gain^2 * lambda + read^2` (the Poisson's
 * skewness there is below 1/sqrt(normalAbove)), which keeps bright-field pixels cheap.
 *
 * @param expected - expected light, full-scale units
 * @param start - first index in `expected`
 * @param count - number of pixels
 * @param out - output pixels
 * @param outStart - first index in `out`
 * @param camera - from {@link cameraFor}
 * @param rng - the noise stream (advanced)
 */
export function exposeRun(
  expected: Float32Array,
  start: number,
  count: number,
  out: Uint8Array | Uint16Array,
  outStart: number,
  camera: Camera,
  rng: Rng,
): void {
  const { photonsPerUnit, gain, offset, readNoise, maxValue, normalAbove } = camera;
  const read2 = readNoise * readNoise;
  for (let i = 0; i < count; i++) {
    const lambda = Math.max(0, expected[start + i]) * photonsPerUnit;
    let value: number;
    if (lambda >= normalAbove) {
      value = offset + gain * lambda + Math.sqrt(gain * gain * lambda + read2) * rng.normal();
    } else {
      value = offset + gain * rng.poisson(lambda) + readNoise * rng.normal();
    }
    value = Math.round(value);
    out[outStart + i] = Math.min(Math.max(value, 0), maxValue);
  }
}
