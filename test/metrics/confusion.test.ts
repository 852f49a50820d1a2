import { describe, expect, it } from "vitest";
import { classCounts, confusionMatrix } from "../../src/metrics/confusion";
import { byName, type Fx, fixture } from "./fixture";

const binary = fixture("binary").cases;
const multi = fixture("multiclass");
const strings = fixture("strings");

describe("confusionMatrix", () => {
  it.each(byName(binary))("equals scikit-learn on binary case %s", (_, c: Fx) => {
    const cm = confusionMatrix(c.yTrue, c.yPred);
    expect(cm.matrix).toEqual(c.confusion);
    expect(cm.labels).toEqual(c.labels);
  });
  it("equals scikit-learn on 7 classes, and with a label subset in a given order", () => {
    expect(confusionMatrix(multi.yTrue, multi.yPred).matrix).toEqual(multi.confusion);
    const sub = confusionMatrix(multi.yTrue, multi.yPred, { labels: multi.subset.labels });
    expect(sub.matrix).toEqual(multi.subset.confusion);
    expect(sub.labels).toEqual(multi.subset.labels);
  });
  it("equals scikit-learn on string labels", () => {
    expect(confusionMatrix(strings.yTrue, strings.yPred).matrix).toEqual(strings.confusion);
  });
  it("gives a zero row to a listed class absent from the data", () => {
    const cm = confusionMatrix([0, 0, 1], [0, 1, 1], { labels: [0, 1, 2] });
    expect(cm.matrix[2]).toEqual([0, 0, 0]);
    expect(cm.matrix.flat().reduce((s, v) => s + v, 0)).toBe(3);
  });
  it("refuses labels none of which occur in yTrue", () => {
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [5] })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
});

describe("classCounts", () => {
  it("agrees with the confusion matrix one class against the rest", () => {
    const counts = classCounts(multi.yTrue, multi.yPred);
    const { matrix } = confusionMatrix(multi.yTrue, multi.yPred);
    const n = multi.yTrue.length;
    counts.labels.forEach((_, c) => {
      const row = matrix[c].reduce((s, v) => s + v, 0);
      const col = matrix.reduce((s, r) => s + r[c], 0);
      expect(counts.tp[c]).toBe(matrix[c][c]);
      expect(counts.fn[c]).toBe(row - matrix[c][c]);
      expect(counts.fp[c]).toBe(col - matrix[c][c]);
      expect(counts.tn[c]).toBe(n - row - col + matrix[c][c]);
    });
  });
});
