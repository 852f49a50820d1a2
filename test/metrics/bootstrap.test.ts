import { describe, expect, it } from "vitest";
import { bcaInterval, bootstrapCi, pairedBootstrap, percentileInterval } from "../../src/metrics/bootstrap";
import { accuracyScore, f1Score } from "../../src/metrics/classification";
import { rocAucScore } from "../../src/metrics/roc";
import { randomBelow } from "../../src/random/distributions";
import { createRng } from "../../src/random/rng";
import { close, type Fx, fixture } from "./fixture";

const boot = fixture("bootstrap");
const binary = fixture("binary").cases;
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

describe("intervals from given replicates equal SciPy's", () => {
  const data = boot.data as number[];
  const jackknife = data.map((_, i) => mean(data.filter((__, j) => j !== i)));
  it.each(Object.keys(boot.intervals))("at confidence %s", (conf) => {
    const ref = boot.intervals[conf];
    const [lo, hi] = bcaInterval(boot.replicates, mean(data), jackknife, Number(conf));
    expect(close(lo, ref.bca[0])).toBe(true);
    expect(close(hi, ref.bca[1])).toBe(true);
    const [plo, phi] = percentileInterval(boot.replicates, Number(conf));
    expect(close(plo, ref.percentile[0])).toBe(true);
    expect(close(phi, ref.percentile[1])).toBe(true);
  });
  it("gives NaN when every replicate lies on one side of the estimate, as SciPy", () => {
    expect(bcaInterval([1, 2, 3], 0, [0, 1], 0.95)).toEqual([Number.NaN, Number.NaN]);
  });
});

/** Random labels and noisy predictions that agree 70% of the time. */
function noisy(n: number, seed: number) {
  const rng = createRng(seed);
  const yTrue = Array.from({ length: n }, () => randomBelow(rng, 2));
  const yPred = yTrue.map((y) => (randomBelow(rng, 10) < 7 ? y : 1 - y));
  return { yTrue, yPred };
}

describe("bootstrapCi", () => {
  it("contains the point estimate, for both methods and many seeds", () => {
    for (let seed = 0; seed < 8; seed++) {
      const { yTrue, yPred } = noisy(120, seed);
      for (const method of ["bca", "percentile"] as const) {
        const ci = bootstrapCi(yTrue, yPred, (t, p) => f1Score(t, p), { nResamples: 400, seed, method });
        expect(ci.lower).toBeLessThanOrEqual(ci.estimate);
        expect(ci.upper).toBeGreaterThanOrEqual(ci.estimate);
        expect(ci.estimate).toBe(f1Score(yTrue, yPred));
        expect(ci.standardError).toBeGreaterThan(0);
      }
    }
  });
  it("replays a seed and changes with it", () => {
    const { yTrue, yPred } = noisy(80, 1);
    const run = (seed: number) => bootstrapCi(yTrue, yPred, accuracyScore, { nResamples: 300, seed });
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
  it("narrows with more cells", () => {
    const width = (n: number) => {
      const { yTrue, yPred } = noisy(n, 2);
      const ci = bootstrapCi(yTrue, yPred, accuracyScore, { nResamples: 400, method: "percentile" });
      return ci.upper - ci.lower;
    };
    expect(width(1000)).toBeLessThan(width(60));
  });
  it("keeps class counts with stratify, so ROC AUC is always defined", () => {
    const c = binary.find((x: Fx) => x.name === "imbalance");
    const positives = (t: (number | string)[]) => t.filter((v) => v === 1).length;
    const fixed = bootstrapCi(c.yTrue, c.yScore, (t) => positives(t), { stratify: true, nResamples: 50 });
    expect([fixed.lower, fixed.upper]).toEqual([10, 10]);
    const ci = bootstrapCi(c.yTrue, c.yScore, rocAucScore, {
      stratify: true,
      nResamples: 300,
      method: "percentile",
    });
    expect(ci.discarded).toBe(0);
    expect(ci.lower).toBeLessThanOrEqual(ci.estimate);
  });
  it("gives [1, 1] for a perfect classifier with BCa", () => {
    const c = binary.find((x: Fx) => x.name === "perfect");
    const ci = bootstrapCi(c.yTrue, c.yScore, rocAucScore, { stratify: true, nResamples: 100 });
    expect([ci.lower, ci.estimate, ci.upper]).toEqual([1, 1, 1]);
  });
  it("counts resamples on which the metric is not finite", () => {
    const ci = bootstrapCi([0, 1, 0, 1, 1, 0], [0, 1, 1, 1, 0, 0], (t) => (t[0] === 1 ? Number.NaN : 1), {
      nResamples: 200,
      method: "percentile",
    });
    expect(ci.discarded).toBeGreaterThan(0);
    expect(ci.nResamples + ci.discarded).toBe(200);
  });
  it("checks its options", () => {
    const run = (options: object) => () => bootstrapCi([0, 1], [0, 1], accuracyScore, options);
    expect(run({ nResamples: 1 })).toThrow(/nResamples/);
    expect(run({ confidence: 1 })).toThrow(/confidence/);
    expect(run({ method: "basic" })).toThrow(/method/);
    expect(() => bootstrapCi([0, 1], [0, 1], () => Number.NaN)).toThrow(
      expect.objectContaining({ code: "NON_FINITE" }),
    );
  });
});

describe("pairedBootstrap", () => {
  it("gives a zero difference for the same classifier", () => {
    const { yTrue, yPred } = noisy(100, 4);
    const r = pairedBootstrap(yTrue, yPred, yPred, accuracyScore, { nResamples: 200 });
    expect([r.difference.lower, r.difference.estimate, r.difference.upper]).toEqual([0, 0, 0]);
  });
  it("finds a clearly better classifier better, with the difference of the estimates", () => {
    const { yTrue, yPred } = noisy(300, 5);
    const r = pairedBootstrap(yTrue, yTrue, yPred, accuracyScore, { nResamples: 400 });
    expect(r.estimateA).toBe(1);
    expect(r.difference.estimate).toBe(r.estimateA - r.estimateB);
    expect(r.difference.lower).toBeGreaterThan(0);
  });
});
