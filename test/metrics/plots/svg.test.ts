import { describe, expect, it } from "vitest";
import { escapeXml, line, marker, num, unitPlot } from "../../../src/metrics/plots/svg";
import { checkXml, texts } from "./xml";

describe("escapeXml", () => {
  it("neutralises markup and attribute quotes", () => {
    const nasty = `"/><script>alert('x')</script>&`;
    const escaped = escapeXml(nasty);
    expect(escaped).not.toMatch(/[<>"']/);
    expect(escaped.replace(/&(amp|lt|gt|quot|apos);/g, "")).not.toContain("&");
  });
});

describe("unitPlot", () => {
  it("maps [0, 1] onto the plot square, y upwards", () => {
    const p = unitPlot("t", "x", "y");
    expect(p.x(1) - p.x(0)).toBeGreaterThan(0);
    expect(p.y(1)).toBeLessThan(p.y(0));
    expect(p.x(1) - p.x(0)).toBe(p.y(0) - p.y(1));
  });
  it("escapes the titles", () => {
    const p = unitPlot("a<b", "x&y", '"q"');
    expect(() => checkXml(`${p.head}</svg>`)).not.toThrow();
    expect(texts(p.head)).toEqual(expect.arrayContaining(["a<b", "x&y", '"q"']));
  });
  it("skips non-finite points and draws labelled markers", () => {
    const p = unitPlot("t", "x", "y");
    expect(line(p, [Number.NaN], [0], "")).toBe("");
    expect(line(p, [0, Number.NaN, 1], [0, 1, 1], "").match(/,/g)).toHaveLength(2);
    expect(texts(marker(p, 0.2, 0.9, "t = <0.5>"))).toEqual(["t = <0.5>"]);
    expect(num(1.23456)).toBe("1.23");
  });
});
