import type { CellTruth } from "./sample-cell";
import { maxRadius, minRadius, signedDistance } from "./shapes";

// Imported bindings can compile to getter calls (CommonJS interop, as tsx emits); this one runs once per
// pixel, so it is read once.
const distanceTo = signedDistance;

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
    // Only the ring between the outline's smallest and largest radius needs its distance measured; the
    // margin covers the rounding of the harmonics' sum.
    const inner = minRadius(part.body) - 1e-6;
    const outer = maxRadius(part.body) + 1e-6;
    const inner2 = inner > 0 ? inner * inner : -1;
    const outer2 = outer * outer;
    for (let j = ja; j <= jb; j++) {
      const dy = y0 + j - by;
      for (let i = ia; i <= ib; i++) {
        const dx = x0 + i - bx;
        const r2 = dx * dx + dy * dy;
        if (r2 > outer2) continue;
        if (r2 < inner2 || distanceTo(part.body, dx, dy) <= 0) mask[j * width + i] = p + 1;
      }
    }
  });
  return mask;
}
