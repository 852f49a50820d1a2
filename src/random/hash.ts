/**
 * Murmur3's 32-bit finalizer: every input bit flips each output bit with probability about 1/2, so
 * neighbouring keys (cell 7 and cell 8, lattice point 3 and 4) give unrelated values.
 *
 * @param h - a 32-bit integer
 * @returns the mixed 32-bit signed integer
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Mix a seed and any number of numeric keys into one 32-bit hash, in 32-bit integer arithmetic only, so
 * it is cheap enough to key a stream per pixel run.
 *
 * @param seed - base seed (any number; its low 32 bits and the bits above are both used)
 * @param keys - stream keys, e.g. `[cellIndex]` or `[channel, row, segment]`
 * @returns a 32-bit signed integer
 */
export function hashKeys(seed: number, keys: readonly number[]): number {
  let h = fmix32((seed | 0) ^ 0x9e3779b9);
  h = fmix32(h ^ Math.floor(seed / 0x100000000));
  for (const key of keys) {
    h = fmix32(h ^ Math.imul(key | 0, 0x27d4eb2f));
    h = fmix32(h ^ Math.floor(key / 0x100000000));
  }
  return h;
}
