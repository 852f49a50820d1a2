// AssemblyScript source of the augmentation kernels (WebAssembly with 128-bit SIMD), not TypeScript:
// it uses AssemblyScript's types and decorators, so tsc and biome leave this folder alone. Built by
// `npm run build:wasm` into src/kernels/module.ts; test/kernels/module.test.ts checks that the
// committed module is this source's build.
//
// Every kernel computes exactly what its JavaScript twin in src/augment computes: the same double
// operations in the same order (no fused multiply-add, which WebAssembly does not have), with float32
// rounding at the same points. f64x2 lanes round like scalar doubles, so vectorising changes no value.
// Pointers are byte offsets into this module's memory, which the caller lays out and fills.

/** First byte that no static data of this module uses: the caller's buffers start at or above it. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Copy a strided view into a contiguous stack, as `materialize` in view.ts: output pixel (c, i, j) is
 * `src[c * plane + origin + i * rowStride + j * colStride]`.
 */
export function gather(
  src: usize,
  dst: usize,
  channels: i32,
  plane: i32,
  origin: i32,
  height: i32,
  width: i32,
  rowStride: i32,
  colStride: i32,
): void {
  let o = dst;
  for (let c = 0; c < channels; c++) {
    let row = c * plane + origin;
    for (let i = 0; i < height; i++) {
      let s = row;
      for (let j = 0; j < width; j++) {
        store<f32>(o, load<f32>(src + ((<usize>s) << 2)));
        o += 4;
        s += colStride;
      }
      row += rowStride;
    }
  }
}

const CONSTANT = 0;
const EDGE = 1;
const REFLECT = 2;

/** `fold` of sampler.ts: bring a coordinate into the range its fill mode reads from. */
function fold(t: f64, n: i32, fill: i32): f64 {
  const last = <f64>(n - 1);
  if (fill === CONSTANT) return t;
  if (fill === EDGE) return t < 0 ? 0 : Math.min(t, last);
  if (fill === REFLECT) {
    if (n === 1) return 0;
    const period = 2 * last;
    let u = t > -period && t < period ? t : t % period;
    if (u < 0) u += period;
    return u > last ? period - u : u;
  }
  const period = <f64>(2 * n);
  const t2 = t + 0.5;
  let u = t2 > -period && t2 < period ? t2 : t2 % period;
  if (u < 0) u += period;
  return (u > <f64>n ? period - u : u) - 0.5;
}

/** The high two float32 lanes of `v` as doubles. */
function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/**
 * `w00 t00 + w01 t01 + w10 t10 + w11 t11 + fill`, left to right as in sampler.ts, for four interleaved
 * channels (`interleave4`'s layout) read at four pixel taps, one 128-bit load each, as two f64x2 halves;
 * the weights and the fill come splatted. The four results go to four output planes.
 */
@inline
function store4(
  o: usize,
  outPlane: usize,
  W00: v128,
  W01: v128,
  W10: v128,
  W11: v128,
  F: v128,
  src: usize,
  p00: i32,
  p01: i32,
  p10: i32,
  p11: i32,
): void {
  const t00 = v128.load(src + ((<usize>p00) << 4));
  const t01 = v128.load(src + ((<usize>p01) << 4));
  const t10 = v128.load(src + ((<usize>p10) << 4));
  const t11 = v128.load(src + ((<usize>p11) << 4));
  let lo = f64x2.mul(W00, f64x2.promote_low_f32x4(t00));
  lo = f64x2.add(lo, f64x2.mul(W01, f64x2.promote_low_f32x4(t01)));
  lo = f64x2.add(lo, f64x2.mul(W10, f64x2.promote_low_f32x4(t10)));
  lo = f64x2.add(lo, f64x2.mul(W11, f64x2.promote_low_f32x4(t11)));
  lo = f64x2.add(lo, F);
  let hi = f64x2.mul(W00, promoteHigh(t00));
  hi = f64x2.add(hi, f64x2.mul(W01, promoteHigh(t01)));
  hi = f64x2.add(hi, f64x2.mul(W10, promoteHigh(t10)));
  hi = f64x2.add(hi, f64x2.mul(W11, promoteHigh(t11)));
  hi = f64x2.add(hi, F);
  const v = v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
  v128.store32_lane(o, v, 0);
  v128.store32_lane(o + outPlane, v, 1);
  v128.store32_lane(o + 2 * outPlane, v, 2);
  v128.store32_lane(o + 3 * outPlane, v, 3);
}

/**
 * One output pixel of `warpBilinear`, whose source coordinate is `(x, y)` before folding: written at `o`
 * and every `outPlane` bytes after, one channel each.
 */
function warpPixel(
  src: usize,
  o: usize,
  outPlane: usize,
  channels: i32,
  srcPlaneBytes: usize,
  origin: i32,
  rs: i32,
  cs: i32,
  srcH: i32,
  srcW: i32,
  x: f64,
  y: f64,
  fill: i32,
  cval: f64,
): void {
  if (!(y >= 0 && y <= <f64>(srcH - 1))) y = fold(y, srcH, fill);
  if (!(x >= 0 && x <= <f64>(srcW - 1))) x = fold(x, srcW, fill);
  const y0 = Math.floor(y);
  const x0 = Math.floor(x);
  const fy = y - y0;
  const fx = x - x0;
  let w00 = (1 - fy) * (1 - fx);
  let w01 = (1 - fy) * fx;
  let w10 = fy * (1 - fx);
  let w11 = fy * fx;
  let ya = <i32>y0;
  let yb = ya + 1;
  let xa = <i32>x0;
  let xb = xa + 1;
  let wc: f64 = 0;
  if (ya < 0 || yb >= srcH || xa < 0 || xb >= srcW) {
    if (fill === CONSTANT) {
      if (ya < 0 || ya >= srcH) {
        wc += w00 + w01;
        w00 = 0;
        w01 = 0;
      }
      if (yb < 0 || yb >= srcH) {
        wc += w10 + w11;
        w10 = 0;
        w11 = 0;
      }
      if (xa < 0 || xa >= srcW) {
        wc += w00 + w10;
        w00 = 0;
        w10 = 0;
      }
      if (xb < 0 || xb >= srcW) {
        wc += w01 + w11;
        w01 = 0;
        w11 = 0;
      }
    }
    ya = ya < 0 ? 0 : ya >= srcH ? srcH - 1 : ya;
    yb = yb < 0 ? 0 : yb >= srcH ? srcH - 1 : yb;
    xa = xa < 0 ? 0 : xa >= srcW ? srcW - 1 : xa;
    xb = xb < 0 ? 0 : xb >= srcW ? srcW - 1 : xb;
  }
  const p00 = origin + ya * rs + xa * cs;
  const p01 = origin + ya * rs + xb * cs;
  const p10 = origin + yb * rs + xa * cs;
  const p11 = origin + yb * rs + xb * cs;
  const fillPart = wc * cval;
  if (channels === 0) {
    const W00 = f64x2.splat(w00);
    const W01 = f64x2.splat(w01);
    const W10 = f64x2.splat(w10);
    const W11 = f64x2.splat(w11);
    store4(o, outPlane, W00, W01, W10, W11, f64x2.splat(fillPart), src, p00, p01, p10, p11);
    return;
  }
  let q = o;
  for (let ch: usize = 0, s: usize = src; ch < <usize>channels; ch++, s += srcPlaneBytes) {
    const v =
      w00 * <f64>load<f32>(s + ((<usize>p00) << 2)) +
      w01 * <f64>load<f32>(s + ((<usize>p01) << 2)) +
      w10 * <f64>load<f32>(s + ((<usize>p10) << 2)) +
      w11 * <f64>load<f32>(s + ((<usize>p11) << 2)) +
      fillPart;
    store<f32>(q, <f32>v);
    q += outPlane;
  }
}

/** Lane `k` of a f64x2 in both lanes. */
function broadcast(v: v128, k: u8): v128 {
  return k === 0 ? v128.shuffle<f64>(v, v, 0, 0) : v128.shuffle<f64>(v, v, 1, 1);
}

/**
 * Bilinear affine resampling of float32 channels read through a view, as `resample` in sampler.ts with
 * bilinear interpolation: output pixel (i, j) interpolates the source at `(a j + b i + c, d j + e i + f)`
 * after folding by `fill` (0 constant, 1 edge, 2 reflect, 3 symmetric). The caller guarantees finite
 * coordinates well inside the 32-bit range. With `channels` 0, the source is four channels in
 * `interleave4`'s layout, read four at a time (`store4`), and pixels go in pairs: where both lie inside
 * the image, away from its last row and column (no folding or clamping), their coordinates and weights
 * are computed in f64x2 lanes, the same operations as one pixel at a time. The output is planar.
 */
export function warpBilinear(
  src: usize,
  dst: usize,
  channels: i32,
  srcPlane: i32,
  origin: i32,
  rs: i32,
  cs: i32,
  srcH: i32,
  srcW: i32,
  height: i32,
  width: i32,
  a: f64,
  b: f64,
  c: f64,
  d: f64,
  e: f64,
  f: f64,
  fill: i32,
  cval: f64,
): void {
  const outPlane = (<usize>(height * width)) << 2;
  const srcPlaneBytes = (<usize>srcPlane) << 2;
  const A = f64x2.splat(a);
  const C = f64x2.splat(c);
  const D = f64x2.splat(d);
  const F = f64x2.splat(f);
  const ZERO = f64x2.splat(0);
  const ONE = f64x2.splat(1);
  const LAST_X = f64x2.splat(<f64>(srcW - 1));
  const LAST_Y = f64x2.splat(<f64>(srcH - 1));
  // Inside the image no tap is clamped, so the fill part is `0 * cval` (NaN for a NaN or infinite cval).
  const FILL = f64x2.splat(0 * cval);
  const ORIGIN = i32x4.splat(origin);
  const RS = i32x4.splat(rs);
  const CS = i32x4.splat(cs);
  let o = dst;
  for (let i = 0; i < height; i++) {
    const bi = b * <f64>i;
    const ei = e * <f64>i;
    const BI = f64x2.splat(bi);
    const EI = f64x2.splat(ei);
    let j = 0;
    if (channels === 0) {
      for (; j + 2 <= width; j += 2) {
        const J = f64x2.replace_lane(f64x2.splat(<f64>j), 1, <f64>(j + 1));
        const X = f64x2.add(f64x2.add(f64x2.mul(A, J), BI), C);
        const Y = f64x2.add(f64x2.add(f64x2.mul(D, J), EI), F);
        const inside = v128.and(
          v128.and(f64x2.ge(X, ZERO), f64x2.lt(X, LAST_X)),
          v128.and(f64x2.ge(Y, ZERO), f64x2.lt(Y, LAST_Y)),
        );
        if (!i64x2.all_true(inside)) {
          const x0 = f64x2.extract_lane(X, 0);
          const y0 = f64x2.extract_lane(Y, 0);
          warpPixel(src, o, outPlane, 0, srcPlaneBytes, origin, rs, cs, srcH, srcW, x0, y0, fill, cval);
          const x1 = f64x2.extract_lane(X, 1);
          const y1 = f64x2.extract_lane(Y, 1);
          warpPixel(src, o + 4, outPlane, 0, srcPlaneBytes, origin, rs, cs, srcH, srcW, x1, y1, fill, cval);
          o += 8;
          continue;
        }
        const X0 = f64x2.floor(X);
        const Y0 = f64x2.floor(Y);
        const FX = f64x2.sub(X, X0);
        const FY = f64x2.sub(Y, Y0);
        const GX = f64x2.sub(ONE, FX);
        const GY = f64x2.sub(ONE, FY);
        const W00 = f64x2.mul(GY, GX);
        const W01 = f64x2.mul(GY, FX);
        const W10 = f64x2.mul(FY, GX);
        const W11 = f64x2.mul(FY, FX);
        const XA = i32x4.trunc_sat_f64x2_s_zero(X0);
        const YA = i32x4.trunc_sat_f64x2_s_zero(Y0);
        const P00 = i32x4.add(i32x4.add(ORIGIN, i32x4.mul(YA, RS)), i32x4.mul(XA, CS));
        for (let k: u8 = 0; k < 2; k++) {
          const p00 = k === 0 ? i32x4.extract_lane(P00, 0) : i32x4.extract_lane(P00, 1);
          const p10 = p00 + rs;
          const w00 = broadcast(W00, k);
          const w01 = broadcast(W01, k);
          const w10 = broadcast(W10, k);
          const w11 = broadcast(W11, k);
          store4(o, outPlane, w00, w01, w10, w11, FILL, src, p00, p00 + cs, p10, p10 + cs);
          o += 4;
        }
      }
    }
    for (; j < width; j++) {
      const x = a * <f64>j + bi + c;
      const y = d * <f64>j + ei + f;
      warpPixel(src, o, outPlane, channels, srcPlaneBytes, origin, rs, cs, srcH, srcW, x, y, fill, cval);
      o += 4;
    }
  }
}

/**
 * Interleave four channel planes of `plane` values each: `dst[4 p + c] = src[c * plane + p]`, so that one
 * 128-bit load reads all four channels of a pixel.
 */
export function interleave4(src: usize, dst: usize, plane: i32): void {
  const stride = (<usize>plane) << 2;
  let p = 0;
  for (; p + 4 <= plane; p += 4) {
    const s = src + ((<usize>p) << 2);
    const c0 = v128.load(s);
    const c1 = v128.load(s + stride);
    const c2 = v128.load(s + 2 * stride);
    const c3 = v128.load(s + 3 * stride);
    const t0 = v128.shuffle<f32>(c0, c1, 0, 4, 1, 5);
    const t1 = v128.shuffle<f32>(c0, c1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5);
    const t3 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7);
    const d = dst + ((<usize>p) << 4);
    v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
    v128.store(d, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 16);
    v128.store(d, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 32);
    v128.store(d, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 48);
  }
  for (; p < plane; p++) {
    for (let c = 0; c < 4; c++) {
      store<f32>(dst + ((<usize>(4 * p + c)) << 2), load<f32>(src + ((<usize>(c * plane + p)) << 2)));
    }
  }
}

/** Round the two doubles of `v` to float32 and back, as a float32 stack stores a value between steps. */
function round32(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v));
}

/**
 * `pass` of pointwise.ts without noise, on float32: `dst[i] = f32(f32(src[i] * s0 + o0) * s1 + o1)`.
 * In place when `src === dst`.
 */
export function linearPass(src: usize, dst: usize, n: i32, s0: f64, o0: f64, s1: f64, o1: f64): void {
  const S0 = f64x2.splat(s0);
  const O0 = f64x2.splat(o0);
  const S1 = f64x2.splat(s1);
  const O1 = f64x2.splat(o1);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const p = (<usize>i) << 2;
    const v = round32(f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(src + p)), S0), O0));
    v128.store64_lane(dst + p, f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(v, S1), O1)), 0);
  }
  if (i < n) {
    const p = (<usize>i) << 2;
    const v = <f64>(<f32>(<f64>load<f32>(src + p) * s0 + o0));
    store<f32>(dst + p, <f32>(v * s1 + o1));
  }
}

/**
 * `pass` of pointwise.ts with noise, on float32: two linear stages, then
 * `v + sqrt((v > 0 ? v * perPhoton : 0) + variance) * table[bits]`, where each xoshiro128** draw (state:
 * four u32 words at `state`, advanced and written back) gives the 16-bit table indices of two values, low
 * half first. `table` holds `normalTable16()` as float32. In place when `src === dst`.
 */
export function noisePass(
  src: usize,
  dst: usize,
  n: i32,
  s0: f64,
  o0: f64,
  s1: f64,
  o1: f64,
  perPhoton: f64,
  variance: f64,
  table: usize,
  state: usize,
): void {
  let r0 = load<u32>(state);
  let r1 = load<u32>(state, 4);
  let r2 = load<u32>(state, 8);
  let r3 = load<u32>(state, 12);
  const S0 = f64x2.splat(s0);
  const O0 = f64x2.splat(o0);
  const S1 = f64x2.splat(s1);
  const O1 = f64x2.splat(o1);
  const PP = f64x2.splat(perPhoton);
  const VA = f64x2.splat(variance);
  const ZERO = f64x2.splat(0);
  let i = 0;
  // Four values per iteration, two draws: two f64x2 halves keep both multipliers of the core busy.
  for (; i + 4 <= n; i += 4) {
    let m = r1 * 5;
    const bitsA = rotl<u32>(m, 7) * 9;
    let t = r1 << 9;
    r2 ^= r0;
    r3 ^= r1;
    r1 ^= r2;
    r0 ^= r3;
    r2 ^= t;
    r3 = rotl<u32>(r3, 11);
    m = r1 * 5;
    const bitsB = rotl<u32>(m, 7) * 9;
    t = r1 << 9;
    r2 ^= r0;
    r3 ^= r1;
    r1 ^= r2;
    r0 ^= r3;
    r2 ^= t;
    r3 = rotl<u32>(r3, 11);
    let z = v128.load32_zero(table + ((<usize>bitsA & 0xffff) << 2));
    z = v128.load32_lane(table + ((<usize>bitsA >>> 16) << 2), z, 1);
    z = v128.load32_lane(table + ((<usize>bitsB & 0xffff) << 2), z, 2);
    z = v128.load32_lane(table + ((<usize>bitsB >>> 16) << 2), z, 3);
    const p = (<usize>i) << 2;
    const x = v128.load(src + p);
    let lo = round32(f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(x), S0), O0));
    let hi = round32(
      f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1)), S0), O0),
    );
    lo = round32(f64x2.add(f64x2.mul(lo, S1), O1));
    hi = round32(f64x2.add(f64x2.mul(hi, S1), O1));
    // `v > 0 ? v * perPhoton : 0`: the comparison mask keeps the product or leaves +0.
    const sdLo = f64x2.sqrt(f64x2.add(v128.and(f64x2.mul(lo, PP), f64x2.gt(lo, ZERO)), VA));
    const sdHi = f64x2.sqrt(f64x2.add(v128.and(f64x2.mul(hi, PP), f64x2.gt(hi, ZERO)), VA));
    const outLo = f64x2.add(lo, f64x2.mul(sdLo, f64x2.promote_low_f32x4(z)));
    const outHi = f64x2.add(
      hi,
      f64x2.mul(sdHi, f64x2.promote_low_f32x4(v128.shuffle<f32>(z, z, 2, 3, 0, 1))),
    );
    v128.store(
      dst + p,
      v128.shuffle<f32>(f32x4.demote_f64x2_zero(outLo), f32x4.demote_f64x2_zero(outHi), 0, 1, 4, 5),
    );
  }
  // The last 0-3 values one at a time; `i` is even here, so the next value starts a fresh draw.
  let bits: u32 = 0;
  for (; i < n; i++) {
    if ((i & 1) === 0) {
      const m = r1 * 5;
      bits = rotl<u32>(m, 7) * 9;
      const t = r1 << 9;
      r2 ^= r0;
      r3 ^= r1;
      r1 ^= r2;
      r0 ^= r3;
      r2 ^= t;
      r3 = rotl<u32>(r3, 11);
    } else {
      bits >>>= 16;
    }
    const p = (<usize>i) << 2;
    let v = <f64>(<f32>(<f64>load<f32>(src + p) * s0 + o0));
    v = <f64>(<f32>(v * s1 + o1));
    const z = <f64>load<f32>(table + ((<usize>bits & 0xffff) << 2));
    store<f32>(dst + p, <f32>(v + Math.sqrt((v > 0 ? v * perPhoton : 0) + variance) * z));
  }
  store<u32>(state, r0);
  store<u32>(state, r1, 4);
  store<u32>(state, r2, 8);
  store<u32>(state, r3, 12);
}
