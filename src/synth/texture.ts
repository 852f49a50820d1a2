import { fmix32 } from "../random/hash";

const TWO_POW_MINUS_32 = 2 ** -32;
// Imported bindings can compile to getter calls (CommonJS interop, as tsx emits), which cost more than
// the hash itself at four lattice points per pixel; the alias is read once.
const mix = fmix32;

function lattice(seed: number, ix: number, iy: number): number {
  return (mix(Math.imul(ix, 0x27d4eb2d) ^ Math.imul(iy, 0x165667b1) ^ seed) >>> 0) * TWO_POW_MINUS_32;
}

/**
 * Smooth value noise in [0, 1): hashed values on the integer lattice, interpolated with a smoothstep.
 * Counter-based (a pure function of seed and position), so a texture is the same whichever window of a
 * field is rendered.
 *
 * @param seed - texture seed (32-bit integer)
 * @param x - position in lattice units
 * @param y - position in lattice units
 * @returns the noise value
 */
export function valueNoise(seed: number, x: number, y: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = x - ix;
  const fy = y - iy;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = lattice(seed, ix, iy);
  const b = lattice(seed, ix + 1, iy);
  const c = lattice(seed, ix, iy + 1);
  const d = lattice(seed, ix + 1, iy + 1);
  return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
}
