import type { CellTruth } from "./sample-cell";
import { maxRadius, signedDistance } from "./shapes";

/**
 * Rasterize an object's outlines into a window: a pixel belongs to a part when its centre lies inside
 * the part's outline. Where parts overlap, the later part wins.
 *
 * @param truth - the object
 * @param centreX - target x of the object's centre
 * @param centreY - target y of the object's centre
 * @param x0 - target x of the window's pixel (0, 0)
 * @param y0 - target y of the window's pixel (0, 0)
 * @param width - window width
 * @param height - window height
 * @returns width x height labels: 0 outside, k inside part k - 1
 */
export function objectMask(
  truth: CellTruth,
  centreX: number,
  centreY: number,
  x0: number,
  y0: number,
  width: number,
  height: number,
): Uint8Array {
  const mask = new Uint8Array(width * height);
  truth.parts.forEach((part, p) => {
    const bx = centreX + part.body.x;
    const by = centreY + part.body.y;
    const reach = maxRadius(part.body) + 1;
    const ia = Math.max(0, Math.floor(bx - reach - x0));
    const ib = Math.min(width - 1, Math.ceil(bx + reach - x0));
    const ja = Math.max(0, Math.floor(by - reach - y0));
    const jb = Math.min(height - 1, Math.ceil(by + reach - y0));
    for (let j = ja; j <= jb; j++) {
      for (let i = ia; i <= ib; i++) {
        if (signedDistance(part.body, x0 + i - bx, y0 + j - by) <= 0) mask[j * width + i] = p + 1;
      }
    }
  });
  return mask;
}
