import { describe, expect, it } from "vitest";
import {
  maxRadius,
  minRadius,
  outlinePolygon,
  type RadialShape,
  shapeArea,
  signedDistance,
} from "../../src/synth/shapes";

describe("radial shapes", () => {
  const circle: RadialShape = { x: 0, y: 0, radius: 5, harmonics: [] };
  const bumpy: RadialShape = { x: 0, y: 0, radius: 5, harmonics: [0.2, 0, 0, 0.1] };

  it("measure signed distance exactly for circles, negative inside", () => {
    expect(signedDistance(circle, 3, 4)).toBeCloseTo(0, 12);
    expect(signedDistance(circle, 0, 0)).toBe(-5);
    expect(signedDistance(circle, 0, 8)).toBeCloseTo(3, 12);
  });

  it("follow the harmonics along each ray", () => {
    // theta = 0: r = 5 (1 + 0.2 cos 0 + 0.1 sin 0) = 6; theta = pi/2: r = 5 (1 - 0.2 - 0.1 * sin(3pi/2)... )
    expect(signedDistance(bumpy, 6, 0)).toBeCloseTo(0, 12);
    const t = Math.PI / 2;
    const r = 5 * (1 + 0.2 * Math.cos(2 * t) + 0.1 * Math.sin(3 * t));
    expect(signedDistance(bumpy, 0, r)).toBeCloseTo(0, 12);
    const p = outlinePolygon(bumpy, 10, 20, 16);
    for (let i = 0; i < p.length; i += 2)
      expect(signedDistance(bumpy, p[i] - 10, p[i + 1] - 20)).toBeCloseTo(0, 9);
  });

  it("bound the outline and measure its area", () => {
    expect(maxRadius(bumpy)).toBeCloseTo(5 * 1.3, 12);
    expect(minRadius(bumpy)).toBeCloseTo(5 * 0.7, 12);
    const p = outlinePolygon(bumpy, 0, 0, 720);
    for (let i = 0; i < p.length; i += 2) {
      const r = Math.hypot(p[i], p[i + 1]);
      expect(r).toBeGreaterThanOrEqual(minRadius(bumpy) - 1e-12);
      expect(r).toBeLessThanOrEqual(maxRadius(bumpy) + 1e-12);
    }
    expect(shapeArea(circle)).toBeCloseTo(Math.PI * 25, 1);
    // Area of r(t) = R(1 + sum): pi R^2 (1 + sum of squared amplitudes / 2).
    expect(shapeArea(bumpy)).toBeCloseTo(Math.PI * 25 * (1 + (0.04 + 0.01) / 2), 1);
  });
});
