import type { PixelArray } from "../core/dtype";
import type { ChannelStack } from "../core/stack";
import { exp } from "../random/detmath";
import { drawPerChannel, mapChannels } from "./channels";
import type { AugmentOp } from "./op";

/**
 * The 1-d Gaussian kernel SciPy's `gaussian_filter` uses: radius `floor(4 sigma + 0.5)`, weights
 * `exp(-x^2 / (2 sigma^2))` normalised to sum 1.
 *
 * @param sigma - standard deviation in pixels, > 0
 * @returns the kernel, length `2 radius + 1`
 */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.floor(4 * sigma + 0.5);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    kernel[i + radius] = exp((-0.5 * i * i) / (sigma * sigma));
    sum += kernel[i + radius];
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  return kernel;
}

/** Half-sample symmetric index (SciPy's `reflect`), valid for any overshoot. */
function symmetric(i: number, n: number): number {
  const period = 2 * n;
  let u = i % period;
  if (u < 0) u += period;
  return u >= n ? period - 1 - u : u;
}

/**
 * Gaussian blur of one H x W plane, separable, with SciPy's default `reflect` border (`c b a | a b c`).
 *
 * @param plane - input values
 * @param height - rows
 * @param width - columns
 * @param sigma - standard deviation in pixels; 0 returns a copy
 * @returns blurred values
 */
export function gaussianBlurPlane(
  plane: ArrayLike<number>,
  height: number,
  width: number,
  sigma: number,
): Float64Array {
  const out = Float64Array.from(plane);
  if (!(sigma > 0)) return out;
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const tmp = new Float64Array(height * width);
  // SciPy filters the last axis first, then the rows; the order changes results only by rounding.
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (let k = -radius; k <= radius; k++)
        v += kernel[k + radius] * out[y * width + symmetric(x + k, width)];
      tmp[y * width + x] = v;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (let k = -radius; k <= radius; k++)
        v += kernel[k + radius] * tmp[symmetric(y + k, height) * width + x];
      out[y * width + x] = v;
    }
  }
  return out;
}

/**
 * Blur the listed channels, each with its own sigma (0 leaves it unchanged).
 *
 * @param stack - input stack (integer results are rounded and clamped)
 * @param sigma - channel name to sigma in pixels
 * @returns the new stack
 */
export function gaussianBlur<A extends PixelArray>(
  stack: ChannelStack<A>,
  sigma: Readonly<Record<string, number>>,
): ChannelStack<A> {
  return mapChannels(stack, Object.keys(sigma), (name) => (src, start, out) => {
    out.set(
      gaussianBlurPlane(src.subarray(start, start + out.length), stack.height, stack.width, sigma[name]),
    );
  });
}

/**
 * `{"op": "blur", "range": [0, 1], "per_channel": false, "channels": [...]}`: defocus as a Gaussian blur
 * whose sigma (pixels) is uniform in `range`; shared between channels by default (one focal plane), or
 * drawn per channel (chromatic focus shift).
 */
export const blurOp: AugmentOp<
  { range: [number, number]; perChannel: boolean; channels?: string[] },
  { sigma: Record<string, number> }
> = {
  kind: "photometric",
  parse: (reader) => ({
    range: reader.range("range", [0, 1], { min: 0, max: 20 }),
    perChannel: reader.flag("per_channel", false),
    channels: reader.channels("channels"),
  }),
  sample: (rng, shape, config) => ({ sigma: drawPerChannel(rng, shape, config, false) }),
  apply: (stack, params, options = {}) => (options.mask ? stack : gaussianBlur(stack, params.sigma)),
};
