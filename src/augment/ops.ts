import { affineOp, rotateOp, scaleOp, shearOp, translateOp } from "./affine";
import { blurOp } from "./blur";
import { cropOp, resizedCropOp } from "./crop";
import { dihedralOp, hflipOp, vflipOp } from "./dihedral";
import { elasticOp } from "./elastic";
import { bleedThroughOp, channelDropoutOp, hotPixelsOp, misregistrationOp } from "./fluorescence";
import { illuminationOp } from "./illumination";
import { brightnessOp, contrastOp, gammaOp } from "./intensity";
import { shotNoiseOp } from "./noise";
import type { AugmentOp } from "./op";

/**
 * Every transform a pipeline step can name, by its `op`. Each entry's `sample` and `apply` can also be
 * used on their own: `AUGMENT_OPS.rotate.apply(stack, params)` replays a logged step.
 */
export const AUGMENT_OPS: Readonly<Record<string, AugmentOp>> = Object.freeze({
  hflip: hflipOp,
  vflip: vflipOp,
  dihedral: dihedralOp,
  rotate: rotateOp,
  translate: translateOp,
  scale: scaleOp,
  shear: shearOp,
  affine: affineOp,
  elastic: elasticOp,
  crop: cropOp,
  resized_crop: resizedCropOp,
  brightness: brightnessOp,
  contrast: contrastOp,
  gamma: gammaOp,
  illumination: illuminationOp,
  blur: blurOp,
  bleed_through: bleedThroughOp,
  shot_noise: shotNoiseOp,
  hot_pixels: hotPixelsOp,
  channel_dropout: channelDropoutOp,
  misregistration: misregistrationOp,
});
