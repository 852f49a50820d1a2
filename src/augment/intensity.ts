import { dtypeOf, dtypeRange, isIntegerDType } from "../core/dtype";
import { exp, log } from "../random/detmath";
import { channelValueOp, type PlaneKernel } from "./channels";

const addKernel =
  (offset: number): PlaneKernel =>
  (src, start, out) => {
    for (let i = 0; i < out.length; i++) out[i] = src[start + i] + offset;
  };

const mulKernel =
  (gain: number): PlaneKernel =>
  (src, start, out) => {
    for (let i = 0; i < out.length; i++) out[i] = src[start + i] * gain;
  };

const gammaKernel =
  (gamma: number): PlaneKernel =>
  (src, start, out) => {
    // Integer data is taken relative to the dtype's maximum so that gamma keeps 0 and full scale fixed;
    // float data is assumed normalised (about [0, 1]); negative values keep their sign.
    const dtype = dtypeOf(src);
    const top = isIntegerDType(dtype) ? dtypeRange(dtype)[1] : 1;
    for (let i = 0; i < out.length; i++) {
      const v = src[start + i] / top;
      const m = v === 0 ? 0 : exp(gamma * log(Math.abs(v)));
      out[i] = (v < 0 ? -m : m) * top;
    }
  };

/**
 * `{"op": "brightness", "range": [-0.1, 0.1], "channels": [...], "per_channel": true}`: adds an offset
 * uniform in `range` (data units) to each listed channel (default all), one draw per channel unless
 * `per_channel` is false. Float data is not clamped; integer data is rounded and clamped to its dtype.
 */
export const brightnessOp = channelValueOp("offset", [-0.1, 0.1], {}, false, addKernel);

/**
 * `{"op": "contrast", "range": [0.8, 1.25]}`: multiplies each listed channel by a gain drawn
 * log-uniformly in `range` (> 0). Float data is not clamped; integer data is rounded and clamped.
 */
export const contrastOp = channelValueOp("gain", [0.8, 1.25], { exclusiveMin: 0 }, true, mulKernel);

/**
 * `{"op": "gamma", "range": [0.8, 1.25]}`: `x -> top * (x / top)^gamma` per listed channel, gamma
 * log-uniform in `range`; `top` is the dtype's maximum for integer data (rounded, clamped) and 1 for float
 * data (assumed normalised; signs kept).
 */
export const gammaOp = channelValueOp("gamma", [0.8, 1.25], { exclusiveMin: 0, max: 10 }, true, gammaKernel);
