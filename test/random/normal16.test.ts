import { describe, expect, it } from "vitest";
import { fillNormals16, normalTable16 } from "../../src/random/normal16";
import { createRng } from "../../src/random/rng";
import { KS_CRITICAL, ksStatistic, N, normalCdf } from "./helpers";

describe("normalTable16", () => {
  it("holds the midpoint quantiles of the standard normal, as SciPy rounds them to float32", () => {
    // /usr/bin/python3 -c "import numpy as np; from scipy.stats import norm;
    //   i = np.array([0, 1, 2, 100, 1000, 1588, 1589, 10000, 32767]); print(np.float32(norm.ppf((i + 0.5) / 65536)))"
    // 1588 and 1589 sit on either side of the switch between Acklam's tail and central formulas.
    const expected: [number, number][] = [
      [0, -4.3249192237854],
      [1, -4.076206684112549],
      [2, -3.9557530879974365],
      [100, -2.96094012260437],
      [1000, -2.1631085872650146],
      [1588, -1.9731614589691162],
      [1589, -1.9728935956954956],
      [10000, -1.025364875793457],
      [32767, -1.912405605253298e-5],
    ];
    const table = normalTable16();
    for (const [i, z] of expected) {
      expect(table[i]).toBe(z);
      expect(table[65535 - i]).toBe(-z);
    }
  });

  it("is increasing, with mean 0, variance 1 - 2.0e-5 and kurtosis 2.999", () => {
    const table = normalTable16();
    expect(table).toHaveLength(65536);
    let sum = 0;
    let squares = 0;
    let fourth = 0;
    let increasing = true;
    for (let i = 0; i < table.length; i++) {
      if (i > 0 && !(table[i] > table[i - 1])) increasing = false;
      sum += table[i];
      squares += table[i] ** 2;
      fourth += table[i] ** 4;
    }
    expect(increasing).toBe(true);
    expect(sum).toBe(0);
    expect(squares / 65536).toBeCloseTo(1 - 2.03e-5, 7);
    expect(fourth / 65536).toBeCloseTo(2.999125, 5);
  });
});

describe("fillNormals16", () => {
  it("is standard normal to within its 16-bit resolution", () => {
    const xs = new Float64Array(N);
    fillNormals16(createRng(13), xs);
    expect(ksStatistic(Array.from(xs), normalCdf)).toBeLessThan(KS_CRITICAL);
    const mean = xs.reduce((a, b) => a + b, 0) / N;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1);
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(N));
    // The sample variance of N normals has standard deviation sqrt(2 / N) = 0.01.
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
    expect(xs.some((x) => Math.abs(x) > 3)).toBe(true);
  });

  it("takes two values from each 32-bit draw, the low half first", () => {
    const draws = [0x0001ffff, -1];
    let next = 0;
    const source = { next: () => draws[next++] };
    const out = new Float64Array(3);
    fillNormals16(source, out);
    const table = normalTable16();
    expect(Array.from(out)).toEqual([table[0xffff], table[0x0001], table[0xffff]]);
    // An odd count leaves the upper half of the last draw unused.
    expect(next).toBe(2);
  });

  it("replays from its seed and differs across seeds", () => {
    const draw = (seed: number) => {
      const out = new Float32Array(101);
      fillNormals16(createRng(seed), out);
      return out;
    };
    expect(draw(4)).toEqual(draw(4));
    expect(draw(4)).not.toEqual(draw(5));
  });
});
