/**
 * A star-shaped outline: a circle whose radius varies with angle by a few Fourier harmonics,
 * `r(theta) = radius * (1 + sum_k a_k cos(k theta) + b_k sin(k theta))`, k = 2, 3, ...
 * Enough for round lymphocytes, elongated or bumpy tumour cells, debris and nuclear lobes, and cheap to
 * evaluate without trigonometric calls.
 */
export interface RadialShape {
  /** Centre x in pixels, relative to the object's reference point. */
  readonly x: number;
  /** Centre y in pixels, relative to the object's reference point. */
  readonly y: number;
  /** Mean radius in pixels. */
  readonly radius: number;
  /** Relative amplitudes `[a2, b2, a3, b3, ...]`. */
  readonly harmonics: readonly number[];
}

/**
 * Approximate signed distance from a point to an outline: negative inside, in pixels. It is exact for a
 * circle and measured along the ray from the centre otherwise, which is what an anti-aliased edge needs.
 *
 * @param shape - the outline
 * @param dx - point x minus the outline's centre x
 * @param dy - point y minus the outline's centre y
 * @returns signed distance in pixels
 */
export function signedDistance(shape: RadialShape, dx: number, dy: number): number {
  const rho = Math.sqrt(dx * dx + dy * dy);
  const h = shape.harmonics;
  if (rho < 1e-9 || h.length === 0) return rho - shape.radius;
  const c1 = dx / rho;
  const s1 = dy / rho;
  // cos(k t), sin(k t) by the angle-addition recurrence: no atan2, no cos per pixel.
  let ck = c1;
  let sk = s1;
  let relative = 1;
  for (let i = 0; i < h.length; i += 2) {
    const c = ck * c1 - sk * s1;
    sk = sk * c1 + ck * s1;
    ck = c;
    relative += h[i] * ck + h[i + 1] * sk;
  }
  return rho - shape.radius * relative;
}

/**
 * The largest distance of the outline from its centre (an upper bound).
 *
 * @param shape - the outline
 * @returns radius in pixels
 */
export function maxRadius(shape: RadialShape): number {
  let sum = 0;
  for (let i = 0; i < shape.harmonics.length; i += 2)
    sum += Math.hypot(shape.harmonics[i], shape.harmonics[i + 1]);
  return shape.radius * (1 + sum);
}

/**
 * The smallest distance of the outline from its centre (a lower bound; negative when the harmonics could
 * fold the outline through its centre).
 *
 * @param shape - the outline
 * @returns radius in pixels
 */
export function minRadius(shape: RadialShape): number {
  return 2 * shape.radius - maxRadius(shape);
}

/**
 * Points on the outline, anticlockwise in image coordinates, for COCO polygons.
 *
 * @param shape - the outline
 * @param originX - x of the shape's reference point in the output coordinates
 * @param originY - y of the shape's reference point in the output coordinates
 * @param count - number of vertices
 * @returns flat `[x0, y0, x1, y1, ...]`
 */
export function outlinePolygon(
  shape: RadialShape,
  originX: number,
  originY: number,
  count: number,
): number[] {
  const points: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = (2 * Math.PI * i) / count;
    let relative = 1;
    for (let j = 0, k = 2; j < shape.harmonics.length; j += 2, k++) {
      relative += shape.harmonics[j] * Math.cos(k * t) + shape.harmonics[j + 1] * Math.sin(k * t);
    }
    const r = shape.radius * relative;
    points.push(originX + shape.x + r * Math.cos(t), originY + shape.y + r * Math.sin(t));
  }
  return points;
}

/**
 * Area enclosed by the outline (numerical, 256 segments).
 *
 * @param shape - the outline
 * @returns area in square pixels
 */
export function shapeArea(shape: RadialShape): number {
  const p = outlinePolygon(shape, 0, 0, 256);
  let twice = 0;
  for (let i = 0; i < p.length; i += 2) {
    const j = (i + 2) % p.length;
    twice += p[i] * p[j + 1] - p[j] * p[i + 1];
  }
  return Math.abs(twice) / 2;
}
