import { CtcError } from "../core/errors";
import { type ChannelStack, channelPixels, createStack } from "../core/stack";
import type { Classifier } from "./classifier";
import type { Progress } from "./stream";

/** Options for {@link occlusion}. */
export interface OcclusionOptions {
  /** Edge of the square occluding patch, in cell pixels; default 8. */
  readonly patch?: number;
  /** Step between patch positions; default half the patch. */
  readonly stride?: number;
  /** Value put under the patch: `"mean"` (the channel's mean over the cell, the default) or a number. */
  readonly fill?: "mean" | number;
  /** Class whose probability is watched; default the positive class. */
  readonly target?: string;
  /** Cancels the run (code `ABORTED`). */
  readonly signal?: AbortSignal;
  /**
   * Called after every group of occluded copies the classifier takes (see
   * {@link ClassifierOptions.batchSize}).
   */
  readonly onProgress?: (progress: Progress) => void;
}

/** Occlusion sensitivity of one cell. */
export interface OcclusionMap {
  /**
   * Per pixel, the mean drop of the target probability over the patches covering it (positive: the
   * region supports the class). One channel per model channel (that channel occluded alone), then
   * `"all"` (every model channel occluded together); same size as the cell.
   */
  readonly heatmap: ChannelStack<Float32Array>;
  /** Target probability of the unoccluded cell. */
  readonly baseline: number;
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new CtcError("INVALID_ARGUMENT", "must be a positive integer", {
      field,
      expected: ">= 1",
      actual: value,
    });
  }
  return value;
}

/** Patch origins along one axis: every `stride`, plus one flush with the far edge so all pixels are covered. */
function origins(length: number, patch: number, stride: number): number[] {
  if (length <= patch) return [0];
  const out: number[] = [];
  for (let p = 0; p + patch < length; p += stride) out.push(p);
  out.push(length - patch);
  return out;
}

/**
 * Occlusion sensitivity for any classifier, no gradients needed: slide a patch over the cell, replace
 * the pixels under it (in one channel, or in all), classify each copy through the classifier's full
 * path (preprocessing, TTA, ensemble) and record how much the target probability drops. Occlusion is
 * done in the cell's own pixels so the map lies on the original image for overlays.
 *
 * @param classifier - a classifier
 * @param cell - the cell stack (must have the classifier's channels)
 * @param options - patch size, stride, fill, target class, cancellation, progress
 * @returns the heat-map stack and the baseline probability
 * @throws {@link CtcError} `INVALID_ARGUMENT` for bad options or an unknown target class, and the
 * classifier's errors
 */
export async function occlusion(
  classifier: Classifier,
  cell: ChannelStack,
  options: OcclusionOptions = {},
): Promise<OcclusionMap> {
  const patch = positiveInteger(options.patch ?? 8, "patch");
  const stride = positiveInteger(options.stride ?? Math.max(1, Math.floor(patch / 2)), "stride");
  const target = classifier.classes.indexOf(options.target ?? classifier.positiveClass);
  if (target < 0) {
    throw new CtcError("INVALID_ARGUMENT", "unknown target class", {
      field: "target",
      expected: classifier.classes,
      actual: options.target,
    });
  }
  const fill = options.fill ?? "mean";
  if (fill !== "mean" && !Number.isFinite(fill)) {
    throw new CtcError("INVALID_ARGUMENT", "fill must be 'mean' or a finite number", {
      field: "fill",
      actual: fill,
    });
  }
  const { height, width } = cell;
  const plane = height * width;
  const groups = [...classifier.channels.map((name) => [name]), [...classifier.channels]];
  const names = [...classifier.channels, "all"];
  const fillOf = (c: number): number => {
    if (fill !== "mean") return fill;
    const pixels = channelPixels(cell, c);
    let sum = 0;
    for (let i = 0; i < pixels.length; i++) sum += pixels[i];
    return pixels.length > 0 ? sum / pixels.length : 0;
  };
  const windows = origins(height, patch, stride).flatMap((y) =>
    origins(width, patch, stride).map((x) => [y, x]),
  );

  function* copies(): Generator<ChannelStack> {
    yield cell;
    for (const group of groups) {
      const indices = group.map((name) => cell.channels.indexOf(name));
      const values = indices.map((c) => (c < 0 ? 0 : fillOf(c)));
      for (const [y0, x0] of windows) {
        const data = cell.data.slice();
        indices.forEach((c, g) => {
          // A missing channel is left for the classifier to report with the cell index.
          if (c < 0) return;
          for (let y = y0; y < Math.min(height, y0 + patch); y++) {
            const row = c * plane + y * width;
            data.fill(values[g], row + x0, row + Math.min(width, x0 + patch));
          }
        });
        yield createStack(data, cell);
      }
    }
  }

  const sums = new Float64Array(groups.length * plane);
  const counts = new Float64Array(groups.length * plane);
  let baseline = 0;
  const total = 1 + groups.length * windows.length;
  for await (const prediction of classifier.stream(copies(), { ...options, total })) {
    const p = prediction.probabilities[target];
    if (prediction.index === 0) {
      baseline = p;
      continue;
    }
    const g = Math.floor((prediction.index - 1) / windows.length);
    const [y0, x0] = windows[(prediction.index - 1) % windows.length];
    for (let y = y0; y < Math.min(height, y0 + patch); y++) {
      for (let x = x0; x < Math.min(width, x0 + patch); x++) {
        const at = g * plane + y * width + x;
        sums[at] += baseline - p;
        counts[at] += 1;
      }
    }
  }
  const heat = new Float32Array(sums.length);
  for (let i = 0; i < heat.length; i++) heat[i] = counts[i] > 0 ? sums[i] / counts[i] : 0;
  return {
    heatmap: createStack(heat, { channels: names, height, width, pixelSizeUm: cell.pixelSizeUm }),
    baseline,
  };
}
