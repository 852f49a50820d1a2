import { describe, expect, it } from "vitest";
import { prSvg } from "../../../src/metrics/plots/pr-svg";
import { averagePrecisionScore, precisionRecallCurve } from "../../../src/metrics/pr";
import { thresholdMaxF1 } from "../../../src/metrics/thresholds";
import { type Fx, fixture } from "../fixture";
import { checkXml, texts } from "./xml";

const c = fixture("binary").cases.find((x: Fx) => x.name === "imbalance");

describe("prSvg", () => {
  it("draws steps, the no-skill line, AP and the chosen threshold", () => {
    const curve = precisionRecallCurve(c.yTrue, c.yScore);
    const t = thresholdMaxF1(c.yTrue, c.yScore);
    const svg = prSvg(curve, {
      averagePrecision: averagePrecisionScore(c.yTrue, c.yScore),
      prevalence: 10 / 210,
      threshold: t,
    });
    expect(checkXml(svg).filter((n) => n === "polyline")).toHaveLength(2);
    const points = svg.match(/<polyline points="([^"]*)"[^>]*stroke="#2ca02c"/)![1].split(" ");
    // Each point after the first adds a corner: 2n - 1 vertices for n curve points.
    expect(points).toHaveLength(2 * curve.recall.length - 1);
    const words = texts(svg);
    expect(words).toContain("Precision");
    expect(words.some((w) => w.startsWith("AP = "))).toBe(true);
    expect(words).toContain(`t = ${Number(t.threshold.toFixed(3))}`);
  });
});
