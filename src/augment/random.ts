import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { exp, log } from "./detmath";
import type { Rng } from "./rng";

/**
 * A uniform draw in [0, 1) with 53 random bits.
 *
 * @param rng - generator (advanced)
 * @returns u in [0, 1)
 */
export function uniform(rng: Rng): number {
  return uniformFloat64(rng);
}

/**
 * A uniform draw in [lo, hi).
 *
 * @param rng - generator (advanced)
 * @param lo - lower bound
 * @param hi - upper bound
 * @returns a value in [lo, hi), or lo when the bounds are equal
 */
export function uniformRange(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * uniformFloat64(rng);
}

/**
 * A log-uniform draw: `log(x)` is uniform on [log lo, log hi], so a factor and its reciprocal are equally
 * likely (a zoom range [0.8, 1.25] is symmetric).
 *
 * @param rng - generator (advanced)
 * @param lo - lower bound, > 0
 * @param hi - upper bound, >= lo
 * @returns a value in [lo, hi]
 */
export function logUniform(rng: Rng, lo: number, hi: number): number {
  if (lo === hi) return lo;
  return Math.min(hi, Math.max(lo, exp(uniformRange(rng, log(lo), log(hi)))));
}

/**
 * A uniform integer in [lo, hi], both included (pure-rand's unbiased `uniformInt`).
 *
 * @param rng - generator (advanced)
 * @param lo - smallest value
 * @param hi - largest value
 * @returns an integer in [lo, hi]
 */
export function randomInt(rng: Rng, lo: number, hi: number): number {
  return uniformInt(rng, lo, hi);
}

// Ziggurat tables (Marsaglia and Tsang 2000, 128 layers), built with the engine-independent exp/log so
// that every engine draws the same normals.
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const M1 = 2147483648;
const KN = new Uint32Array(128);
const WN = new Float64Array(128);
const FN = new Float64Array(128);
{
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / exp(-0.5 * dn * dn);
  KN[0] = Math.floor((dn / q) * M1);
  KN[1] = 0;
  WN[0] = q / M1;
  WN[127] = dn / M1;
  FN[0] = 1;
  FN[127] = exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * log(ZIG_V / dn + exp(-0.5 * dn * dn)));
    KN[i + 1] = Math.floor((dn / tn) * M1);
    tn = dn;
    FN[i] = exp(-0.5 * dn * dn);
    WN[i] = dn / M1;
  }
}

function u32(rng: Rng): number {
  return (rng.next() >>> 0) * 2.3283064365386963e-10;
}

/**
 * A standard normal draw by the ziggurat method (one 32-bit draw in about 97% of calls).
 *
 * @param rng - generator (advanced)
 * @returns a draw from N(0, 1)
 */
export function normal(rng: Rng): number {
  // The layer comes from the top 7 bits and the value from the other 25: xoroshiro128+'s weak lowest bits
  // then only touch the value's least significant digits, never the choice of layer. The fast path is
  // kept this small so that engines inline it into per-pixel loops.
  const j = rng.next();
  const iz = j >>> 25;
  const hz = j << 7;
  return Math.abs(hz) < KN[iz] ? hz * WN[iz] : normalSlow(rng, hz, iz);
}

/** The ziggurat's wedge and tail, entered with the rejected first draw. */
function normalSlow(rng: Rng, hz: number, iz: number): number {
  for (;;) {
    if (iz === 0) {
      // Tail beyond R, by Marsaglia's exponential method; 1 - u keeps log's argument in (0, 1].
      let x: number;
      let y: number;
      do {
        x = -log(1 - u32(rng)) / ZIG_R;
        y = -log(1 - u32(rng));
      } while (y + y < x * x);
      return hz > 0 ? ZIG_R + x : -ZIG_R - x;
    }
    const x = hz * WN[iz];
    if (FN[iz] + u32(rng) * (FN[iz - 1] - FN[iz]) < exp(-0.5 * x * x)) return x;
    const j = rng.next();
    iz = j >>> 25;
    hz = j << 7;
    if (Math.abs(hz) < KN[iz]) return hz * WN[iz];
  }
}

/** ln(k!) for k < 10, the table PTRS needs below the Stirling range. */
const LOG_FACTORIAL = [
  0,
  0,
  Math.LN2,
  1.791759469228055,
  3.1780538303479458,
  4.787491742782046,
  6.579251212010101,
  8.525161361065415,
  10.60460290274525,
  12.801827480081469,
];

function logFactorial(k: number): number {
  if (k < 10) return LOG_FACTORIAL[k];
  const n = k + 1;
  const inv = 1 / n;
  const inv2 = inv * inv;
  // Stirling series of ln Gamma(n); the omitted term is below 1e-13 for n >= 11.
  return (n - 0.5) * log(n) - n + 0.9189385332046728 + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

/**
 * A Poisson draw: inversion by sequential search below lambda = 10, Hormann's PTRS transformed rejection
 * (the algorithm NumPy uses) above.
 *
 * @param rng - generator (advanced)
 * @param lambda - mean, >= 0
 * @returns a non-negative integer
 */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    let p = exp(-lambda);
    let u = uniformFloat64(rng);
    let k = 0;
    // The cap guards the rare case where rounding leaves u above the summed probabilities.
    while (u > p && k < 1000) {
      u -= p;
      k += 1;
      p *= lambda / k;
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = uniformFloat64(rng) - 0.5;
    const v = uniformFloat64(rng);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    // The squeeze accepts about 86% of draws without a logarithm.
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    if (log(v) + log(invalpha) - log(a / (us * us) + b) <= -lambda + k * log(lambda) - logFactorial(k))
      return k;
  }
}
