import { exp, log } from "./detmath";
import { uniform32 } from "./distributions";
import type { IntSource } from "./rng";

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

/**
 * A standard normal draw by the ziggurat method (one 32-bit draw in about 97% of calls).
 *
 * @param rng - generator (advanced): any source of 32-bit integers
 * @returns a draw from N(0, 1)
 */
export function normal(rng: IntSource): number {
  // The layer comes from the top 7 bits and the value from the other 25: xoroshiro128+'s weak lowest bits
  // then only touch the value's least significant digits, never the choice of layer. The fast path is
  // kept this small so that engines inline it into per-pixel loops.
  const j = rng.next();
  const iz = j >>> 25;
  const hz = j << 7;
  return Math.abs(hz) < KN[iz] ? hz * WN[iz] : normalRejected(rng, hz, iz);
}

/** The ziggurat's wedge and tail (about 3% of draws), entered with the rejected first draw. */
function normalRejected(rng: IntSource, hz: number, iz: number): number {
  for (;;) {
    if (iz === 0) {
      // Tail beyond R, by Marsaglia's exponential method; 1 - u keeps log's argument in (0, 1].
      let x: number;
      let y: number;
      do {
        x = -log(1 - uniform32(rng)) / ZIG_R;
        y = -log(1 - uniform32(rng));
      } while (y + y < x * x);
      return hz > 0 ? ZIG_R + x : -ZIG_R - x;
    }
    const x = hz * WN[iz];
    if (FN[iz] + uniform32(rng) * (FN[iz - 1] - FN[iz]) < exp(-0.5 * x * x)) return x;
    const j = rng.next();
    iz = j >>> 25;
    hz = j << 7;
    if (Math.abs(hz) < KN[iz]) return hz * WN[iz];
  }
}
