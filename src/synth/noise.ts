import type { ChannelSpec, ImagingSpec } from "./config";
import { type Rng, ZIGGURAT_K, ZIGGURAT_W } from "./rng";

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

// Clip, then round half up: for 0 <= v < 2^31, `(v + 0.5) | 0` is Math.round(v) except where v + 0.5
// rounds up to the next integer (v = 0.5 - 2^-54), which the comparison puts back. Clipping first gives
// the same values as rounding first. Comparisons, not Math.round, Math.min and Math.max, whose -0 and NaN
// handling V8 compiles to extra branches here; NaN fails both comparisons and still gives 0.
function toDigital(value: number, maxValue: number): number {
  let clipped = value;
  if (clipped > maxValue) clipped = maxValue;
  else if (!(clipped > 0)) clipped = 0;
  const rounded = (clipped + 0.5) | 0;
  return rounded - 0.5 > clipped ? rounded - 1 : rounded;
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
  const gain2 = gain * gain;
  // Module-level locals: some loaders (tsx) turn imported bindings into getter calls.
  const zigK = ZIGGURAT_K;
  const zigW = ZIGGURAT_W;
  const s = rng.s;
  // Views of the run, so the loop below runs to their length and V8 can drop its bounds checks.
  const input = expected.subarray(start, start + count);
  const output = out.subarray(outStart, outStart + count);
  const n = input.length;
  let i = 0;
  while (i < n) {
    // The common case (normal path, ziggurat fast accept) runs in a loop of its own with the generator
    // in locals, stepping xoroshiro128+ inline exactly as Rng.next does. With no calls in it, V8 keeps
    // every value unboxed in registers. Anything else leaves the loop with the state written back,
    // untouched by the tentative draw, and takes one pixel through the Rng: the same draws in order.
    let s01 = s[0];
    let s00 = s[1];
    let s11 = s[2];
    let s10 = s[3];
    for (; i < n; i++) {
      const lambda = Math.max(0, input[i]) * photonsPerUnit;
      if (!(lambda >= normalAbove)) break;
      const hz = (s00 + s10) | 0;
      const iz = hz & 127;
      if (!(Math.abs(hz) < zigK[iz])) break;
      const z = hz * zigW[iz];
      const a0 = s10 ^ s00;
      const a1 = s11 ^ s01;
      const t00 = s00;
      s00 = (t00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (s01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      // toDigital, written out: V8 checks a module function's identity at every inlined call.
      let clipped = offset + gain * lambda + Math.sqrt(gain2 * lambda + read2) * z;
      if (clipped > maxValue) clipped = maxValue;
      else if (!(clipped > 0)) clipped = 0;
      const rounded = (clipped + 0.5) | 0;
      output[i] = rounded - 0.5 > clipped ? rounded - 1 : rounded;
    }
    s[0] = s01;
    s[1] = s00;
    s[2] = s11;
    s[3] = s10;
    if (i === n) return;
    const lambda = Math.max(0, input[i]) * photonsPerUnit;
    const value =
      lambda >= normalAbove
        ? offset + gain * lambda + Math.sqrt(gain2 * lambda + read2) * rng.normal()
        : offset + gain * rng.poisson(lambda) + readNoise * rng.normal();
    output[i] = toDigital(value, maxValue);
    i++;
  }
}
