/**
 * Write the four metrics plots as SVG files for a synthetic CTC classifier.
 *
 *   node --import tsx examples/metrics-plots/run.ts [out-dir]
 *
 * The scores are simulated (seeded), 1 CTC per 20 leukocytes, 12 patients, so the plots look like a
 * real rare-cell problem without needing a model.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import {
  averagePrecisionScore,
  bootstrapCi,
  confusionMatrix,
  confusionSvg,
  expectedCalibrationError,
  f1Score,
  precisionRecallCurve,
  prSvg,
  reliabilityBins,
  reliabilitySvg,
  rocAucScore,
  rocCurve,
  rocSvg,
  stratifiedGroupKFold,
  summarizeFolds,
  thresholdForSensitivity,
} from "../../src/metrics/index";

const out = process.argv[2] ?? join(import.meta.dirname, "out");
const rng = xoroshiro128plus(42);
const n = 2100;
const yTrue = Array.from({ length: n }, (_, i) => (i % 21 === 0 ? 1 : 0));
const patients = Array.from({ length: n }, (_, i) => `patient-${String(i % 12).padStart(2, "0")}`);
// A logistic score with overlapping classes: CTCs centred higher than leukocytes.
const score = yTrue.map((y) => {
  const u = uniformFloat64(rng) + uniformFloat64(rng) + uniformFloat64(rng) - 1.5;
  return 1 / (1 + Math.exp(-(2.2 * u + (y ? 0.8 : -2.2))));
});

const chosen = thresholdForSensitivity(yTrue, score, 0.95);
const calls = score.map((s) => (s >= chosen.threshold ? 1 : 0));
const auc = rocAucScore(yTrue, score);
const files = {
  "roc.svg": rocSvg(rocCurve(yTrue, score), { auc, threshold: chosen, title: "ROC curve (synthetic CTCs)" }),
  "pr.svg": prSvg(precisionRecallCurve(yTrue, score), {
    averagePrecision: averagePrecisionScore(yTrue, score),
    prevalence: yTrue.filter((y) => y === 1).length / n,
    threshold: chosen,
  }),
  "reliability.svg": reliabilitySvg(reliabilityBins(yTrue, score), {
    ece: expectedCalibrationError(yTrue, score),
  }),
  "confusion.svg": confusionSvg(confusionMatrix(yTrue, calls, { labels: [1, 0] }), {
    title: `Confusion at t = ${chosen.threshold.toFixed(3)} (sensitivity ≥ 0.95)`,
  }),
};
mkdirSync(out, { recursive: true });
for (const [name, svg] of Object.entries(files)) writeFileSync(join(out, name), svg);

// Per-patient folds: F1 of the 0.95-sensitivity rule chosen on training folds, applied to test folds.
const f1s = stratifiedGroupKFold(yTrue, patients, { nSplits: 4 }).map(({ train, test }) => {
  const pick = <T>(v: T[], idx: Int32Array) => Array.from(idx, (i) => v[i]);
  const t = thresholdForSensitivity(pick(yTrue, train), pick(score, train), 0.95).threshold;
  return f1Score(
    pick(yTrue, test),
    pick(score, test).map((s) => (s >= t ? 1 : 0)),
  );
});
const ci = bootstrapCi(yTrue, score, (t, s) => rocAucScore(t, s), { stratify: true, nResamples: 500 });
console.log(`wrote ${Object.keys(files).join(", ")} to ${out}`);
console.log(String(summarizeFolds("F1", f1s)));
console.log(`AUC ${ci.estimate.toFixed(3)} (95% BCa ${ci.lower.toFixed(3)}-${ci.upper.toFixed(3)})`);
