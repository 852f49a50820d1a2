import { CtcError, type PixelArray } from "../core/index";

/** One H x W image plane (a single channel, a mask or a label image), row-major. */
export interface Plane<A extends PixelArray = PixelArray> {
  /** Values, index `y * width + x`. */
  readonly data: A;
  /** Height in pixels. */
  readonly height: number;
  /** Width in pixels. */
  readonly width: number;
}

/**
 * Check that a plane's data length is height x width; every detection step calls this first so a wrong
 * shape fails loudly instead of reading past a row.
 *
 * @param plane - the plane to check
 * @param field - name of the argument, for the error message
 * @throws {@link CtcError} `SHAPE_MISMATCH` when the sizes disagree
 */
export function assertPlane(plane: Plane, field = "plane"): void {
  const { height, width } = plane;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0) {
    throw new CtcError("INVALID_ARGUMENT", "height and width must be non-negative integers", {
      field,
      actual: { height, width },
    });
  }
  if (plane.data.length !== height * width) {
    throw new CtcError("SHAPE_MISMATCH", "plane data length does not match height x width", {
      field,
      expected: height * width,
      actual: plane.data.length,
    });
  }
}
