/**
 * Elementary functions built only from IEEE-754 operations that ECMAScript specifies exactly (+, -, *, /,
 * `Math.sqrt`, `Math.round`, `Math.floor`). `Math.exp`, `Math.log`, `Math.sin` and `Math.cos` are
 * implementation-approximated, and engines (V8, SpiderMonkey, JavaScriptCore) do differ in the last bit;
 * a one-ulp difference can flip a rejection test and desynchronise a random stream. Augmentation must
 * replay bit for bit in Node and in every browser, so sampling and resampling use these instead.
 *
 * Accuracy is within a few ulp over the ranges augmentation needs; determinism, not speed, is the point.
 */

/** 2^k for k in [-1074, 1023], at index k + 1074, built by exact doubling and halving. */
const POW2 = (() => {
  const table = new Float64Array(1074 + 1024);
  table[1074] = 1;
  for (let k = 1; k <= 1023; k++) table[1074 + k] = table[1073 + k] * 2;
  for (let k = 1; k <= 1074; k++) table[1074 - k] = table[1075 - k] / 2;
  return table;
})();

const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const INV_LN2 = Math.LOG2E;
const SQRT2 = Math.SQRT2;

/** 2^k with k clamped to the double range. */
function pow2(k: number): number {
  return POW2[Math.max(0, Math.min(POW2.length - 1, k + 1074))];
}

/**
 * e^x, reproducible across JavaScript engines.
 *
 * @param x - exponent
 * @returns e^x
 */
export function exp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > 709.782712893384) return Number.POSITIVE_INFINITY;
  if (x < -745.1332191019411) return 0;
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  // Taylor to r^13 on |r| <= ln2/2: the truncation error (< 4e-18) is below half an ulp.
  let p = 1 / 6227020800;
  p = p * r + 1 / 479001600;
  p = p * r + 1 / 39916800;
  p = p * r + 1 / 3628800;
  p = p * r + 1 / 362880;
  p = p * r + 1 / 40320;
  p = p * r + 1 / 5040;
  p = p * r + 1 / 720;
  p = p * r + 1 / 120;
  p = p * r + 1 / 24;
  p = p * r + 1 / 6;
  p = p * r + 0.5;
  p = p * r + 1;
  p = p * r + 1;
  if (k >= -1022 && k <= 1023) return p * POW2[k + 1074];
  // Near the ends of the range, split the scaling so that neither factor overflows or underflows alone.
  const half = Math.trunc(k / 2);
  return p * pow2(half) * pow2(k - half);
}

/**
 * Natural logarithm, reproducible across JavaScript engines.
 *
 * @param x - argument
 * @returns ln(x); NaN for negative x, -Infinity at 0
 */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  // Any estimate of floor(log2 x) will do: exact comparisons with the power-of-two table correct it, so
  // the engine's approximate Math.log2 never reaches the result.
  let lo = Math.max(0, Math.min(POW2.length - 2, Math.floor(Math.log2(x)) + 1074));
  while (lo > 0 && POW2[lo] > x) lo--;
  while (lo < POW2.length - 1 && POW2[lo + 1] <= x) lo++;
  let e = lo - 1074;
  let m = x / POW2[lo];
  if (m > SQRT2) {
    m /= 2;
    e += 1;
  }
  // atanh series: ln(m) = 2 (f + f^3/3 + ...), f = (m-1)/(m+1), |f| <= 0.172.
  const f = (m - 1) / (m + 1);
  const s = f * f;
  let q = 1 / 23;
  for (let n = 21; n >= 1; n -= 2) q = q * s + 1 / n;
  return e * LN2_HI + (2 * f * q + e * LN2_LO);
}

const PIO2_1 = 1.5707963267341256;
const PIO2_2 = 6.077100506303966e-11;
const PIO2_3 = 2.0222662487111665e-21;
const TWO_OVER_PI = 0.6366197723675814;

function sinKernel(r: number): number {
  const s = r * r;
  let q = 1 / 355687428096000;
  q = q * s - 1 / 1307674368000;
  q = q * s + 1 / 6227020800;
  q = q * s - 1 / 39916800;
  q = q * s + 1 / 362880;
  q = q * s - 1 / 5040;
  q = q * s + 1 / 120;
  q = q * s - 1 / 6;
  return r + r * s * q;
}

function cosKernel(r: number): number {
  const s = r * r;
  let p = 1 / 6402373705728000;
  p = p * s - 1 / 20922789888000;
  p = p * s + 1 / 87178291200;
  p = p * s - 1 / 479001600;
  p = p * s + 1 / 3628800;
  p = p * s - 1 / 40320;
  p = p * s + 1 / 720;
  p = p * s - 1 / 24;
  p = p * s + 0.5;
  return 1 - s * p;
}

/**
 * Sine and cosine of an angle in radians, reproducible across JavaScript engines.
 *
 * @param x - angle in radians (|x| up to about 1e6 keeps full accuracy)
 * @returns `[sin(x), cos(x)]`
 */
export function sincos(x: number): [number, number] {
  const k = Math.round(x * TWO_OVER_PI);
  const r = x - k * PIO2_1 - k * PIO2_2 - k * PIO2_3;
  const s = sinKernel(r);
  const c = cosKernel(r);
  switch (((k % 4) + 4) % 4) {
    case 0:
      return [s, c];
    case 1:
      return [c, -s];
    case 2:
      return [-s, -c];
    default:
      return [-c, s];
  }
}
