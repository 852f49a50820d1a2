import { createStack } from "../../src/core/stack";
import { uniform } from "../../src/random/distributions";
import { createRng } from "../../src/random/rng";

/** Augmented samples the probe compares. */
export const PROBE_SAMPLES = 24;

/** The probe's input: a seeded 4 x 32 x 32 float32 cell, the same in Node and in the page. */
export function probeCell() {
  const rng = createRng(17);
  const data = new Float32Array(4 * 32 * 32).map(() => uniform(rng));
  return createStack(data, { channels: ["BF", "DAPI", "CK", "CD45"], height: 32, width: 32 });
}
