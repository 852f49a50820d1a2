import { describe, expect, it } from "vitest";
import { confusionMatrix } from "../../../src/metrics/confusion";
import { confusionSvg } from "../../../src/metrics/plots/confusion-svg";
import { checkXml, texts } from "./xml";

describe("confusionSvg", () => {
  it("shows every count with its row share and escapes class names", () => {
    const cm = confusionMatrix(
      ["<CTC>", "<CTC>", "WBC", "WBC", "WBC"],
      ["<CTC>", "WBC", "WBC", "WBC", "<CTC>"],
    );
    const svg = confusionSvg(cm);
    expect(checkXml(svg).filter((n) => n === "rect")).toHaveLength(1 + 4);
    const words = texts(svg);
    expect(words.filter((w) => w === "<CTC>")).toHaveLength(2);
    expect(words).toEqual(expect.arrayContaining(["1", "2", "50%", "66.7%", "33.3%", "Predicted", "True"]));
  });
  it("shades an empty row as zero", () => {
    const cm = confusionMatrix([0, 0], [0, 1], { labels: [0, 1] });
    const svg = confusionSvg(cm, { title: "Fold 1" });
    expect(texts(svg)).toContain("Fold 1");
    expect(svg).not.toContain("NaN");
  });
});
