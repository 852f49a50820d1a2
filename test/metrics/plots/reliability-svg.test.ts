import { describe, expect, it } from "vitest";
import { expectedCalibrationError, reliabilityBins } from "../../../src/metrics/calibration";
import { reliabilitySvg } from "../../../src/metrics/plots/reliability-svg";
import { fixture } from "../fixture";
import { checkXml, texts } from "./xml";

const c = fixture("binary").cases[0];

describe("reliabilitySvg", () => {
  it("draws one point and one bar per non-empty bin, the diagonal and the ECE", () => {
    const r = reliabilityBins(c.yTrue, c.yScore);
    const svg = reliabilitySvg(r, {
      ece: expectedCalibrationError(c.yTrue, c.yScore),
      title: "Calibration & co",
    });
    const tags = checkXml(svg);
    const filled = r.bins.filter((b) => b.count > 0).length;
    expect(tags.filter((n) => n === "circle")).toHaveLength(filled);
    expect(svg.match(/fill="#c7d7ea"/g)).toHaveLength(filled);
    expect(texts(svg)).toContain("Calibration & co");
    expect(texts(svg).some((w) => w.startsWith("ECE = "))).toBe(true);
  });
});
