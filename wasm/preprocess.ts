// AssemblyScript source of the preprocessing kernels, built into the same module as wasm/augment.ts (see
// the notes there): each computes what its JavaScript twin in src/preprocess/normalize.ts computes, the
// same double operations in the same order and one rounding to float32, so the values are identical.

/** `y = f32((x - sub) * mul + add)` on two doubles. */
// @ts-ignore: decorator
@inline
function affine2(x: v128, sub: v128, mul: v128, add: v128): v128 {
  return f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(f64x2.sub(x, sub), mul), add));
}

/** The upper two 32-bit lanes of `v`, moved to the lower two (where the widening ops read). */
// @ts-ignore: decorator
@inline
function upper(v: v128): v128 {
  return v128.shuffle<i32>(v, v, 2, 3, 0, 1);
}

/** Two pairs of doubles (lanes 0-1, then 2-3) through the affine map, as four float32 lanes. */
// @ts-ignore: decorator
@inline
function affine4(low: v128, high: v128, sub: v128, mul: v128, add: v128): v128 {
  return v128.shuffle<i32>(affine2(low, sub, mul, add), affine2(high, sub, mul, add), 0, 1, 4, 5);
}

/** Four unsigned 32-bit lanes through the affine map, each widened to a double exactly. */
// @ts-ignore: decorator
@inline
function affineU32x4(q: v128, sub: v128, mul: v128, add: v128): v128 {
  return affine4(f64x2.convert_low_i32x4_u(q), f64x2.convert_low_i32x4_u(upper(q)), sub, mul, add);
}

/**
 * One affine channel of `n` unsigned integers of `bytes` bytes each (1 or 2) at `src` into float32 at
 * `dst`, eight at a time as uint16 lanes.
 */
// @ts-ignore: decorator
@inline
function affineUnsigned(bytes: i32, src: usize, dst: usize, n: i32, sub: f64, mul: f64, add: f64): void {
  const S = f64x2.splat(sub);
  const M = f64x2.splat(mul);
  const A = f64x2.splat(add);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const s = src + <usize>(i * bytes);
    const v = bytes === 2 ? v128.load(s) : i16x8.extend_low_i8x16_u(v128.load64_zero(s));
    const d = dst + ((<usize>i) << 2);
    v128.store(d, affineU32x4(i32x4.extend_low_i16x8_u(v), S, M, A));
    v128.store(d, affineU32x4(i32x4.extend_high_i16x8_u(v), S, M, A), 16);
  }
  for (; i < n; i++) {
    const s = src + <usize>(i * bytes);
    const x = bytes === 2 ? <f64>load<u16>(s) : <f64>load<u8>(s);
    store<f32>(dst + ((<usize>i) << 2), <f32>((x - sub) * mul + add));
  }
}

/** One affine channel of `n` uint16 values at `src` into float32 at `dst`. */
export function affineU16(src: usize, dst: usize, n: i32, sub: f64, mul: f64, add: f64): void {
  affineUnsigned(2, src, dst, n, sub, mul, add);
}

/** One affine channel of `n` uint8 values at `src` into float32 at `dst`. */
export function affineU8(src: usize, dst: usize, n: i32, sub: f64, mul: f64, add: f64): void {
  affineUnsigned(1, src, dst, n, sub, mul, add);
}

/** One affine channel of `n` float32 values at `src` into float32 at `dst` (in place when equal). */
export function affineF32(src: usize, dst: usize, n: i32, sub: f64, mul: f64, add: f64): void {
  const S = f64x2.splat(sub);
  const M = f64x2.splat(mul);
  const A = f64x2.splat(add);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = (<usize>i) << 2;
    const v = v128.load(src + p);
    v128.store(dst + p, affine4(f64x2.promote_low_f32x4(v), f64x2.promote_low_f32x4(upper(v)), S, M, A));
  }
  for (; i < n; i++) {
    const p = (<usize>i) << 2;
    store<f32>(dst + p, <f32>((<f64>load<f32>(src + p) - sub) * mul + add));
  }
}
