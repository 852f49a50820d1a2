import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ChannelStack, createStack } from "../../src/core/stack";
import { uniform } from "../../src/random/distributions";
import { createRng } from "../../src/random/rng";

/** The SciPy/torchvision parity fixtures written by scripts/fixtures/augment.py. */
export const parity = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/augment/parity.json", import.meta.url)), "utf8"),
);

/** The fixture input image as a float32 stack. */
export function fixtureImage(): ChannelStack<Float32Array> {
  const { data, channels, height, width } = parity.image;
  return createStack(Float32Array.from(data), { channels, height, width });
}

/** A seeded random float32 stack. */
export function randomStack(
  seed: number,
  channels: readonly string[] = ["BF", "DAPI", "CK", "CD45"],
  height = 12,
  width = 9,
): ChannelStack<Float32Array> {
  const rng = createRng(seed);
  const data = new Float32Array(channels.length * height * width).map(() => uniform(rng));
  return createStack(data, { channels, height, width });
}

/** Largest absolute difference between two arrays of equal length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
