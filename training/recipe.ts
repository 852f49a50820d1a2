import type { ChannelStack } from "../src/core/stack";
import type { PreprocessSpec, PreprocessStep } from "../src/preprocess/spec";
import {
  accumulateStatistics,
  createStatisticsAccumulator,
  finalizeStatistics,
} from "../src/preprocess/statistics";
import type { PreprocessRecipe } from "./config";

/**
 * The preprocessing spec of one fold: percentile scaling or standardization (per image, or by the
 * training fold's own dataset statistics) then a resize to the network's input size. The spec travels in the fold's bundle,
 * so inference repeats exactly this.
 *
 * Statistics come from the training cells only: the held-out cells never leak into the model.
 *
 * @param recipe - the configuration's preprocessing recipe
 * @param channels - model channels, in order
 * @param trainStacks - the fold's training cells (raw)
 * @returns the spec, with `statistics` when normalization is `per_dataset`
 */
export function buildSpec(
  recipe: PreprocessRecipe,
  channels: readonly string[],
  trainStacks: Iterable<ChannelStack>,
): PreprocessSpec {
  const [lo, hi] = recipe.percentiles ?? [1, 99];
  const scale: PreprocessStep =
    recipe.method === "zscore"
      ? { op: "zero_mean_unit_variance", mode: recipe.normalization }
      : { op: "scale_range", mode: recipe.normalization, min_percentile: lo, max_percentile: hi };
  const steps: PreprocessStep[] = [
    scale,
    { op: "resize", height: recipe.size, width: recipe.size, mode: recipe.resize ?? "bilinear" },
  ];
  if (recipe.normalization === "per_sample") return { version: 1, channels: [...channels], steps };
  const acc = createStatisticsAccumulator();
  for (const stack of trainStacks) accumulateStatistics(acc, stack);
  const statistics = finalizeStatistics(acc, { percentiles: [lo, hi] });
  return { version: 1, channels: [...channels], steps, statistics };
}
