import { CtcError } from "../core/errors";
import { type ChannelStack, createStack } from "../core/stack";
import type { SynthConfig } from "./config";
import { cameraFor, exposeRun } from "./noise";
import { addShifted, fieldIllumination } from "./optics";
import { renderObjectSignal } from "./render-cell";
import { Rng } from "./rng";
import { type CellTruth, sampleCell } from "./sample-cell";

/** How cells are laid out on a field. */
export interface FieldOptions {
  /** Field width, pixels. */
  readonly width: number;
  /** Field height, pixels. */
  readonly height: number;
  /** Pitch of the placement grid, pixels (one possible cell per grid slot); default 48. */
  readonly spacingPx?: number;
  /** Probability that a slot holds a cell; default 0.5. */
  readonly occupancy?: number;
  /** Probability that a cell is pushed against its left neighbour so the two touch; default 0.05. */
  readonly touchingFraction?: number;
}

/** One object placed on a field. */
export interface FieldCell {
  /** Grid slot of the object; also its index for {@link sampleCell}, so it equals crop `id` of the seed. */
  readonly id: number;
  /** Field x of the object's centre, pixels. */
  readonly x: number;
  /** Field y of the object's centre, pixels. */
  readonly y: number;
  /** Id of the neighbour this object was pushed against, or -1. */
  readonly touches: number;
  /** The object's ground truth. */
  readonly truth: CellTruth;
}

/** A seeded field: where every object is, without pixels. Render any window with {@link renderFieldWindow}. */
export interface FieldLayout {
  /** Seed of the field. */
  readonly seed: number;
  /** Field width, pixels. */
  readonly width: number;
  /** Field height, pixels. */
  readonly height: number;
  /** The objects, in slot order. */
  readonly cells: readonly FieldCell[];
  /** Per-channel misregistration of the whole field `[dx, dy]`, pixels. */
  readonly shiftsPx: readonly (readonly [number, number])[];
}

/** A rectangle of a field, pixels. */
export interface FieldWindow {
  /** Left edge. */
  readonly x: number;
  /** Top edge. */
  readonly y: number;
  /** Width. */
  readonly width: number;
  /** Height. */
  readonly height: number;
}

// Stream keys, distinct from the crop streams (0 and 1) of the same seed.
const LAYOUT_STREAM = 2;
const FIELD_STREAM = 3;
const FIELD_NOISE_STREAM = 4;
/**
 * Pixel noise is drawn in runs of this many pixels of a row, each run from its own stream, so a window
 * renders the same pixels whichever window it is: it redraws at most one run per row at each side.
 */
const NOISE_RUN = 256;
/** Light reaches this far beyond an object's extent (bright-field halo plus blur), pixels. */
const LIGHT_REACH = 24;

function checkInteger(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new CtcError("INVALID_ARGUMENT", "invalid field option", {
      field,
      expected: `integer >= ${min}`,
      actual: value,
    });
  }
}

function meanRadius(truth: CellTruth): number {
  return truth.parts.length === 1 ? truth.parts[0].body.radius : 0.8 * truth.extentPx;
}

/**
 * Lay out a field: objects on a jittered grid, mostly apart, a few pushed against a neighbour so they
 * touch. Deterministic from the seed; costs no pixels, so even a 10000 x 10000 field is quick.
 *
 * @param seed - field seed (integer)
 * @param config - resolved configuration (see {@link resolveConfig})
 * @param options - size and density
 * @returns the layout
 * @throws `CtcError` `INVALID_ARGUMENT` for bad sizes or fractions
 */
export function fieldLayout(seed: number, config: SynthConfig, options: FieldOptions): FieldLayout {
  const { width, height, spacingPx = 48, occupancy = 0.5, touchingFraction = 0.05 } = options;
  checkInteger("width", width, 1);
  checkInteger("height", height, 1);
  checkInteger("spacingPx", spacingPx, 8);
  for (const [field, value] of [
    ["occupancy", occupancy],
    ["touchingFraction", touchingFraction],
  ] as const) {
    if (!(value >= 0 && value <= 1)) {
      throw new CtcError("INVALID_ARGUMENT", "invalid field option", {
        field,
        expected: "[0, 1]",
        actual: value,
      });
    }
  }
  const cols = Math.floor(width / spacingPx);
  const rows = Math.floor(height / spacingPx);
  const cells: FieldCell[] = [];
  const bySlot = new Map<number, FieldCell>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const id = r * cols + c;
      const rng = new Rng(seed, [id, LAYOUT_STREAM]);
      if (!rng.chance(occupancy)) continue;
      const truth = sampleCell(seed, id, config);
      const slack = Math.max(0, spacingPx / 2 - truth.extentPx - 2);
      let x = (c + 0.5) * spacingPx + rng.between(-slack, slack);
      let y = (r + 0.5) * spacingPx + rng.between(-slack, slack);
      let touches = -1;
      const left = bySlot.get(id - 1);
      const push = rng.chance(touchingFraction);
      const angle = rng.between(-Math.PI / 4, Math.PI / 4);
      if (push && c > 0 && left !== undefined) {
        const distance = 0.95 * (meanRadius(left.truth) + meanRadius(truth));
        x = left.x + distance * Math.cos(angle);
        y = left.y + distance * Math.sin(angle);
        touches = left.id;
      }
      // Whole objects only: keep every object inside the field.
      const e = truth.extentPx;
      x = Math.min(Math.max(x, e), width - e);
      y = Math.min(Math.max(y, e), height - e);
      const cell: FieldCell = { id, x, y, touches, truth };
      cells.push(cell);
      bySlot.set(id, cell);
    }
  }
  const rng = new Rng(seed, [0, FIELD_STREAM]);
  const sd = config.imaging.misregistrationPx;
  const shiftsPx = config.channels.map(() => [rng.normal(0, sd), rng.normal(0, sd)] as const);
  return { seed, width, height, cells, shiftsPx };
}

/**
 * Render any rectangle of a seeded field: the same pixels whichever window asks for them, so a large
 * field can be streamed tile by tile (a 10000 x 10000 x 4 uint16 field is 800 MB whole).
 *
 * @param layout - from {@link fieldLayout}
 * @param config - the configuration the layout was made with
 * @param window - the rectangle, inside the field
 * @returns C x height x width pixels of that rectangle
 * @throws `CtcError` `INVALID_ARGUMENT` when the window leaves the field
 */
export function renderFieldWindow(
  layout: FieldLayout,
  config: SynthConfig,
  window: FieldWindow,
): ChannelStack<Uint8Array | Uint16Array> {
  const { x, y, width, height } = window;
  if (
    !Number.isInteger(x) ||
    !Number.isInteger(y) ||
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    x < 0 ||
    y < 0 ||
    width < 1 ||
    height < 1 ||
    x + width > layout.width ||
    y + height > layout.height
  ) {
    throw new CtcError("INVALID_ARGUMENT", "window must be integer and inside the field", {
      field: "window",
      expected: `inside 0..${layout.width} x 0..${layout.height}`,
      actual: window,
    });
  }
  // Work on whole noise runs, then cut the requested columns out.
  const runX0 = Math.floor(x / NOISE_RUN) * NOISE_RUN;
  const runX1 = Math.min(layout.width, Math.ceil((x + width) / NOISE_RUN) * NOISE_RUN);
  const w = runX1 - runX0;
  const plane = w * height;
  const channels = config.channels.length;
  const light = new Float32Array(channels * plane);
  for (const cell of layout.cells) {
    const reach = cell.truth.extentPx + LIGHT_REACH;
    if (cell.x + reach < runX0 || cell.x - reach > runX1 || cell.y + reach < y || cell.y - reach > y + height)
      continue;
    const signal = renderObjectSignal(cell.truth, config, cell.x - runX0, cell.y - y);
    const size = signal.width * signal.height;
    for (let c = 0; c < channels; c++) {
      const [sx, sy] = layout.shiftsPx[c];
      addShifted(
        light.subarray(c * plane, (c + 1) * plane),
        w,
        height,
        signal.data.subarray(c * size, (c + 1) * size),
        signal.width,
        signal.height,
        signal.x0,
        signal.y0,
        sx,
        sy,
      );
    }
  }
  const out =
    config.bitDepth === 8
      ? new Uint8Array(channels * width * height)
      : new Uint16Array(channels * width * height);
  const row = config.bitDepth === 8 ? new Uint8Array(w) : new Uint16Array(w);
  config.channels.forEach((channel, c) => {
    const camera = cameraFor(channel, config.imaging, config.bitDepth, config.difficulty.noiseScale);
    for (let j = 0; j < height; j++) {
      const start = c * plane + j * w;
      for (let i = 0; i < w; i++) {
        light[start + i] =
          fieldIllumination(runX0 + i, y + j, config.imaging) * (channel.background + light[start + i]);
      }
      for (let run = 0; run < w; run += NOISE_RUN) {
        const rng = new Rng(layout.seed, [FIELD_NOISE_STREAM, c, y + j, (runX0 + run) / NOISE_RUN]);
        exposeRun(light, start + run, Math.min(NOISE_RUN, w - run), row, run, camera, rng);
      }
      out.set(row.subarray(x - runX0, x - runX0 + width), (c * height + j) * width);
    }
  });
  return createStack(out, {
    channels: config.channels.map((ch) => ch.name),
    height,
    width,
    pixelSizeUm: config.pixelSizeUm,
  });
}
