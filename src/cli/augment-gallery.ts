import type { AugmentPipelineSpec, AugmentStepSpec } from "../augment/pipeline";
import { augment, parseAugmentPipeline } from "../augment/pipeline";
import { type ChannelStack, channelPixels } from "../core/stack";
import { compositeRgb } from "../io/composite";
import type { RgbImage } from "../io/png";
import { percentiles } from "../preprocess/percentile";

/** One picture of the gallery: what made it and its false-colour pixels. */
export interface GalleryTile {
  /** `original`, or the op shown. */
  readonly title: string;
  /** The tile's composite. */
  readonly rgb: RgbImage;
}

/** Options of {@link augmentGallery}. */
export interface GalleryOptions {
  /** Seed of the draws. */
  readonly seed: number;
  /** Tiles per row; default 6. */
  readonly columns?: number;
  /** Smallest tile edge in pixels: small cells are enlarged by whole factors up to it; default 128. */
  readonly minTilePx?: number;
}

/**
 * The ops of a pipeline one by one: combinators are opened so that every transform they may run gets a
 * tile of its own (a `random_apply` is shown as if it fired, each branch of a `one_of` separately).
 *
 * @param steps - pipeline steps
 * @returns the transform steps, in pipeline order
 */
export function galleryOps(steps: readonly AugmentStepSpec[]): AugmentStepSpec[] {
  return steps.flatMap((step) => {
    if (step.op === "random_apply") return galleryOps([step.step as AugmentStepSpec]);
    if (step.op === "one_of" || step.op === "sequence") return galleryOps(step.steps as AugmentStepSpec[]);
    return [step];
  });
}

function enlarge(image: RgbImage, factor: number, edge: number): RgbImage {
  // Nearest-neighbour enlargement keeps pixels visible as pixels; the tile is centred on a black square.
  const data = new Uint8Array(edge * edge * 3);
  const x0 = Math.floor((edge - image.width * factor) / 2);
  const y0 = Math.floor((edge - image.height * factor) / 2);
  for (let y = 0; y < image.height * factor; y++) {
    for (let x = 0; x < image.width * factor; x++) {
      const from = (Math.floor(y / factor) * image.width + Math.floor(x / factor)) * 3;
      data.set(image.data.subarray(from, from + 3), ((y0 + y) * edge + x0 + x) * 3);
    }
  }
  return { data, width: edge, height: edge };
}

/**
 * Render a cell under each op of a pipeline in false colour: the original first, then one tile per op,
 * all with the original's display ranges so brightness and contrast changes show.
 *
 * @param cell - the cell (in the units the pipeline expects)
 * @param spec - the pipeline
 * @param options - seed and layout
 * @returns the tiles and the assembled picture
 * @throws {@link CtcError} `INVALID_SPEC` for a bad pipeline; `MISSING_CHANNEL` when no channel has a colour
 */
export function augmentGallery(
  cell: ChannelStack,
  spec: AugmentPipelineSpec,
  options: GalleryOptions,
): { tiles: GalleryTile[]; image: RgbImage } {
  parseAugmentPipeline(spec);
  const ranges = Object.fromEntries(
    cell.channels.map((name, c) => {
      const [lo, hi] = percentiles(channelPixels(cell, c), [0.5, 99.5]);
      return [name, [lo, hi > lo ? hi : lo + 1] as const];
    }),
  );
  const stacks: { title: string; stack: ChannelStack }[] = [{ title: "original", stack: cell }];
  galleryOps(spec.steps).forEach((step, k) => {
    const pipeline = parseAugmentPipeline({ version: spec.version, steps: [step] });
    stacks.push({ title: step.op, stack: augment(cell, pipeline, { seed: options.seed, index: k }).stack });
  });
  const largest = Math.max(...stacks.flatMap(({ stack }) => [stack.width, stack.height]));
  const factor = Math.max(1, Math.ceil((options.minTilePx ?? 128) / largest));
  const edge = largest * factor;
  const tiles = stacks.map(({ title, stack }) => ({
    title,
    rgb: enlarge(compositeRgb(stack, { ranges }), factor, edge),
  }));
  const columns = Math.min(tiles.length, options.columns ?? 6);
  const rows = Math.ceil(tiles.length / columns);
  const gap = 4;
  const width = columns * edge + (columns + 1) * gap;
  const height = rows * edge + (rows + 1) * gap;
  // A mid-grey background separates black tile borders from the gaps.
  const data = new Uint8Array(width * height * 3).fill(64);
  tiles.forEach((tile, i) => {
    const left = gap + (i % columns) * (edge + gap);
    const top = gap + Math.floor(i / columns) * (edge + gap);
    for (let y = 0; y < edge; y++) {
      data.set(tile.rgb.data.subarray(y * edge * 3, (y + 1) * edge * 3), ((top + y) * width + left) * 3);
    }
  });
  return { tiles, image: { data, width, height } };
}
