import { allocPixels, dtypeOf, type PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";
import { type ChannelStack, createStack } from "../core/stack";
import { exp, log } from "../random/detmath";
import { randomInt, uniformRange } from "../random/distributions";
import type { AugmentOp } from "./op";
import { type Interpolation, remap } from "./sampler";

/** A window of a stack, in whole pixels. */
export interface CropWindow {
  /** First row. */
  readonly top: number;
  /** First column. */
  readonly left: number;
  /** Rows. */
  readonly height: number;
  /** Columns. */
  readonly width: number;
}

/**
 * Cut a window out of every channel (an exact copy).
 *
 * @param stack - input stack
 * @param window - the window; it must lie inside the image
 * @returns the cropped stack
 * @throws {@link CtcError} `INVALID_ARGUMENT` when the window leaves the image
 */
export function crop<A extends PixelArray>(stack: ChannelStack<A>, window: CropWindow): ChannelStack<A> {
  const { top, left, height, width } = window;
  const inside =
    [top, left, height, width].every(Number.isInteger) &&
    top >= 0 &&
    left >= 0 &&
    height >= 1 &&
    width >= 1 &&
    top + height <= stack.height &&
    left + width <= stack.width;
  if (!inside) {
    throw new CtcError("INVALID_ARGUMENT", "crop window must lie inside the image", {
      field: "window",
      expected: `inside ${stack.height} x ${stack.width}`,
      actual: window,
    });
  }
  const out = allocPixels(dtypeOf(stack.data), stack.channels.length * height * width) as A;
  let o = 0;
  for (let c = 0; c < stack.channels.length; c++) {
    for (let y = 0; y < height; y++) {
      const start = (c * stack.height + top + y) * stack.width + left;
      out.set(stack.data.subarray(start, start + width), o);
      o += width;
    }
  }
  return createStack(out, { ...stack, height, width });
}

function tooSmall(shape: { height: number; width: number }, height: number, width: number): never {
  throw new CtcError("INVALID_ARGUMENT", "random crop is larger than the image", {
    field: "height/width",
    expected: `at most ${shape.height} x ${shape.width}`,
    actual: `${height} x ${width}`,
  });
}

/** `{"op": "crop", "height": 48, "width": 48}`: a window of that size at a uniformly drawn position. */
export const cropOp: AugmentOp<{ height: number; width: number }, CropWindow> = {
  kind: "geometric",
  parse: (reader) => ({
    height: reader.number("height", 0, { min: 1, integer: true }),
    width: reader.number("width", 0, { min: 1, integer: true }),
  }),
  sample: (rng, shape, config) => {
    if (config.height > shape.height || config.width > shape.width)
      tooSmall(shape, config.height, config.width);
    return {
      top: randomInt(rng, 0, shape.height - config.height),
      left: randomInt(rng, 0, shape.width - config.width),
      height: config.height,
      width: config.width,
    };
  },
  apply: (stack, params) => crop(stack, params),
  shapeAfter: (shape, params) => ({ ...shape, height: params.height, width: params.width }),
};

/** Parameters of the `resized_crop` op: the window, then the output size. */
export interface ResizedCropParams {
  /** Window cut from the input. */
  readonly window: CropWindow;
  /** Output height. */
  readonly height: number;
  /** Output width. */
  readonly width: number;
  /** Interpolation of the resize. */
  readonly interpolation: Interpolation;
}

/**
 * Crop, then resize to a fixed size as PyTorch's `F.interpolate(align_corners=False)` does without
 * antialiasing (torchvision's `resized_crop` on tensors): output pixel `i` reads source
 * `(i + 0.5) * in / out - 0.5`, clamped to the window.
 *
 * @param stack - input stack (integer results are rounded and clamped)
 * @param params - window, output size, interpolation
 * @returns the resized crop
 */
export function resizedCrop<A extends PixelArray>(
  stack: ChannelStack<A>,
  params: ResizedCropParams,
): ChannelStack<A> {
  const cut = crop(stack, params.window);
  const { height, width } = params;
  const sy = cut.height / height;
  const sx = cut.width / width;
  const y = new Float64Array(height * width);
  const x = new Float64Array(height * width);
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      // Nearest uses PyTorch's floor(i * scale), bilinear the half-pixel-centre rule.
      y[i * width + j] = params.interpolation === "nearest" ? Math.floor(i * sy) : (i + 0.5) * sy - 0.5;
      x[i * width + j] = params.interpolation === "nearest" ? Math.floor(j * sx) : (j + 0.5) * sx - 0.5;
    }
  }
  return remap(cut, { height, width, y, x }, { interpolation: params.interpolation, fill: "edge" });
}

/**
 * `{"op": "resized_crop", "height": 64, "width": 64, "scale": [0.08, 1], "ratio": [0.75, 1.3333]}`:
 * torchvision's `RandomResizedCrop` sampling. Up to 10 tries draw an area fraction uniform in `scale` and
 * an aspect ratio (w/h) log-uniform in `ratio`, keep the first window that fits, placed uniformly; else
 * the central crop with the ratio clamped into `ratio`. Then {@link resizedCrop}.
 */
export const resizedCropOp: AugmentOp<
  {
    height: number;
    width: number;
    scale: [number, number];
    ratio: [number, number];
    interpolation: Interpolation;
  },
  ResizedCropParams
> = {
  kind: "geometric",
  parse: (reader) => ({
    height: reader.number("height", 0, { min: 1, integer: true }),
    width: reader.number("width", 0, { min: 1, integer: true }),
    scale: reader.range("scale", [0.08, 1], { exclusiveMin: 0, max: 1 }),
    ratio: reader.range("ratio", [3 / 4, 4 / 3], { exclusiveMin: 0, max: 100 }),
    interpolation: reader.choice("interpolation", ["nearest", "bilinear"], "bilinear"),
  }),
  sample: (rng, shape, config) => {
    const area = shape.height * shape.width;
    const [lr0, lr1] = [log(config.ratio[0]), log(config.ratio[1])];
    const out = { height: config.height, width: config.width, interpolation: config.interpolation };
    for (let attempt = 0; attempt < 10; attempt++) {
      const target = area * uniformRange(rng, config.scale[0], config.scale[1]);
      const aspect = exp(uniformRange(rng, lr0, lr1));
      const w = Math.round(Math.sqrt(target * aspect));
      const h = Math.round(Math.sqrt(target / aspect));
      if (w > 0 && h > 0 && w <= shape.width && h <= shape.height) {
        const top = randomInt(rng, 0, shape.height - h);
        const left = randomInt(rng, 0, shape.width - w);
        return { ...out, window: { top, left, height: h, width: w } };
      }
    }
    const inRatio = shape.width / shape.height;
    let w = shape.width;
    let h = shape.height;
    if (inRatio < config.ratio[0]) h = Math.round(w / config.ratio[0]);
    else if (inRatio > config.ratio[1]) w = Math.round(h * config.ratio[1]);
    const top = Math.floor((shape.height - h) / 2);
    const left = Math.floor((shape.width - w) / 2);
    return { ...out, window: { top, left, height: h, width: w } };
  },
  apply: (stack, params, options = {}) =>
    resizedCrop(stack, options.mask ? { ...params, interpolation: "nearest" } : params),
  shapeAfter: (shape, params) => ({ ...shape, height: params.height, width: params.width }),
};
