import { describe, expect, it } from "vitest";
import { rocSvg } from "../../../src/metrics/plots/roc-svg";
import { unitPlot } from "../../../src/metrics/plots/svg";
import { rocAucScore, rocCurve } from "../../../src/metrics/roc";
import { thresholdYouden } from "../../../src/metrics/thresholds";
import { type Fx, fixture } from "../fixture";
import { checkXml, texts } from "./xml";

const c = fixture("binary").cases[0];

describe("rocSvg", () => {
  it("draws a well-formed chart with axes, AUC and the chosen threshold", () => {
    const t = thresholdYouden(c.yTrue, c.yScore);
    const svg = rocSvg(rocCurve(c.yTrue, c.yScore), {
      auc: rocAucScore(c.yTrue, c.yScore),
      threshold: t,
      title: "ROC <fold 1>",
    });
    const tags = checkXml(svg);
    expect(tags.filter((name) => name === "polyline")).toHaveLength(2);
    const words = texts(svg);
    expect(words).toContain("ROC <fold 1>");
    expect(words).toContain("Sensitivity");
    expect(words.some((w) => w.startsWith("AUC = "))).toBe(true);
    expect(words).toContain(`t = ${Number(t.threshold.toFixed(3))}`);
    // The marker sits at (1 - specificity, sensitivity) in plot coordinates.
    const p = unitPlot("", "", "");
    const cx = Number(p.x(1 - t.specificity).toFixed(2));
    const cy = Number(p.y(t.sensitivity).toFixed(2));
    expect(svg).toContain(`<circle cx="${cx}" cy="${cy}"`);
  });
  it("draws without options, and skips NaN rates (one-class labels)", () => {
    const one = fixture("binary").cases.find((x: Fx) => x.name === "oneClass");
    const svg = rocSvg(rocCurve(one.yTrue, one.yScore));
    expect(() => checkXml(svg)).not.toThrow();
    expect(svg).not.toContain("NaN");
    expect(svg).not.toContain("<circle");
  });
});
