/**
 * A field as people look at it: a false-colour composite, shrunk by an integer factor, with boxes drawn
 * over it.
 */
import { type ChannelStack, createStack } from "../../src/core/index";
import { type Colour, compositeRgb, type RgbImage } from "../../src/io/index";
import { percentiles } from "../../src/preprocess/index";

/**
 * Display range: black up to the 75th percentile, which is still background on a field where cells
 * cover a tenth of the area, so camera noise shows as black and the PNG stays small.
 */
const DISPLAY_PERCENTILES = [75, 99.9];

/** A box to draw, in full-resolution field pixels `[x, y, width, height]`. */
export interface DrawnBox {
  /** The rectangle. */
  readonly bbox: readonly [number, number, number, number];
  /** Its colour. */
  readonly colour: Colour;
}

/**
 * Composite of the fluorescence channels (no bright field, which would grey the picture out), averaged
 * over `factor x factor` blocks.
 *
 * @param stack - the field (or a window of it)
 * @param factor - shrink factor (integer >= 1)
 * @param colours - display colour per channel name; only these channels are shown
 * @returns the shrunk RGB image
 */
export function shrunkComposite(
  stack: ChannelStack,
  factor: number,
  colours: Readonly<Record<string, Colour>>,
): RgbImage {
  const shown = stack.channels.filter((name) => name in colours);
  const plane = stack.height * stack.width;
  const data = new Uint16Array(shown.length * plane);
  const ranges: Record<string, [number, number]> = {};
  shown.forEach((name, k) => {
    const c = stack.channels.indexOf(name);
    const pixels = stack.data.subarray(c * plane, (c + 1) * plane);
    data.set(pixels, k * plane);
    const [low, high] = percentiles(pixels, DISPLAY_PERCENTILES);
    ranges[name] = [low, high];
  });
  const composite = createStack(data, { channels: shown, height: stack.height, width: stack.width });
  const full = compositeRgb(composite, { colours, ranges });
  const width = Math.floor(stack.width / factor);
  const height = Math.floor(stack.height / factor);
  const out = new Uint8Array(width * height * 3);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let j = 0; j < factor; j++) {
          const row = (y * factor + j) * stack.width + x * factor;
          for (let i = 0; i < factor; i++) sum += full.data[(row + i) * 3 + c];
        }
        out[(y * width + x) * 3 + c] = Math.round(sum / area);
      }
    }
  }
  return { data: out, width, height };
}

/**
 * Draw box outlines (one image pixel wide) in place, scaled by the shrink factor and clipped.
 *
 * @param image - the shrunk image
 * @param factor - the shrink factor it was made with
 * @param boxes - boxes in full-resolution pixels
 */
export function drawBoxes(image: RgbImage, factor: number, boxes: readonly DrawnBox[]): void {
  const put = (x: number, y: number, colour: Colour): void => {
    if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
    image.data.set(colour, (y * image.width + x) * 3);
  };
  for (const { bbox, colour } of boxes) {
    // One pixel of clearance so the outline does not cover the cell's edge.
    const x0 = Math.floor(bbox[0] / factor) - 1;
    const y0 = Math.floor(bbox[1] / factor) - 1;
    const x1 = Math.ceil((bbox[0] + bbox[2]) / factor);
    const y1 = Math.ceil((bbox[1] + bbox[3]) / factor);
    for (let x = x0; x <= x1; x++) {
      put(x, y0, colour);
      put(x, y1, colour);
    }
    for (let y = y0; y <= y1; y++) {
      put(x0, y, colour);
      put(x1, y, colour);
    }
  }
}
