import type { PixelArray } from "../core/dtype";
import { CtcError } from "../core/errors";
import { type ChannelStack, createStack } from "../core/stack";
import { randomInt } from "../random/distributions";
import type { AugmentOp, StackShape } from "./op";
import { dihedralView, materialize, type StackView, viewOf } from "./view";

function checkElement(k: number): void {
  if (!Number.isInteger(k) || k < 0 || k > 7) {
    throw new CtcError("INVALID_ARGUMENT", "dihedral element must be an integer 0..7", {
      field: "k",
      expected: "0..7",
      actual: k,
    });
  }
}

/**
 * One of the 8 symmetries of the square (the dihedral group D4), applied exactly (a permutation of
 * pixels, no interpolation) to all channels.
 *
 * Element order, as NumPy: `dihedral(x, k) = np.rot90(np.flip(x, -1) if k >= 4 else x, k % 4, axes=(-2, -1))`,
 * i.e. an optional left-right flip, then `k % 4` quarter turns counter-clockwise as displayed (y down).
 * So 0 identity, 1/2/3 rotations by 90/180/270 degrees, 4 left-right flip, 5 transpose, 6 up-down flip,
 * 7 anti-transpose. Odd `k % 4` swaps height and width.
 *
 * A pipeline does not copy here: it passes the element on as a view (see `dihedralView`) that the next
 * step reads through.
 *
 * @param stack - input stack (any dtype)
 * @param k - element, 0..7
 * @returns a new stack
 * @throws {@link CtcError} `INVALID_ARGUMENT` when k is not an integer 0..7
 */
export function dihedral<A extends PixelArray>(stack: ChannelStack<A>, k: number): ChannelStack<A> {
  return k === 0 ? createStack(stack.data.slice() as A, stack) : materialize(turnView(viewOf(stack), k));
}

function turnView<A extends PixelArray>(view: StackView<A>, k: number): StackView<A> {
  checkElement(k);
  return dihedralView(view, k);
}

/**
 * The element that undoes `k`: `dihedral(dihedral(x, k), inverseDihedral(k))` is `x`. Quarter turns invert
 * to the opposite turn; the four reflections (4..7) are their own inverses.
 *
 * @param k - element, 0..7
 * @returns its inverse, 0..7
 * @throws {@link CtcError} `INVALID_ARGUMENT` when k is not an integer 0..7
 */
export function inverseDihedral(k: number): number {
  checkElement(k);
  return k < 4 ? (4 - k) % 4 : k;
}

function dihedralShape(shape: StackShape, k: number): StackShape {
  return k % 2 === 1 ? { ...shape, height: shape.width, width: shape.height } : shape;
}

/** Parameters of the `dihedral` op. */
export interface DihedralParams {
  /** Element, see {@link dihedral}. */
  readonly k: number;
}

/**
 * `{"op": "dihedral", "elements": [0, ..., 7]}`: a uniformly chosen element of the listed ones (default
 * all 8). Exact, so it needs no interpolation or fill.
 */
export const dihedralOp: AugmentOp<{ elements: number[] }, DihedralParams> = {
  kind: "geometric",
  parse: (reader) => ({
    elements: reader.integers("elements", [0, 1, 2, 3, 4, 5, 6, 7], { min: 0, max: 7 }),
  }),
  sample: (rng, _shape, config) => ({ k: config.elements[randomInt(rng, 0, config.elements.length - 1)] }),
  apply: (stack, params) => dihedral(stack, params.k),
  applyView: (view, params) => turnView(view, params.k),
  shapeAfter: (shape, params) => dihedralShape(shape, params.k),
};

/** `{"op": "hflip"}`: always flips left-right (wrap it in `random_apply` for a probability). */
export const hflipOp: AugmentOp<Record<string, never>, Record<string, never>> = {
  kind: "geometric",
  parse: () => ({}),
  sample: () => ({}),
  apply: (stack) => dihedral(stack, 4),
  applyView: (view) => dihedralView(view, 4),
};

/** `{"op": "vflip"}`: always flips up-down (wrap it in `random_apply` for a probability). */
export const vflipOp: AugmentOp<Record<string, never>, Record<string, never>> = {
  kind: "geometric",
  parse: () => ({}),
  sample: () => ({}),
  apply: (stack) => dihedral(stack, 6),
  applyView: (view) => dihedralView(view, 6),
};
