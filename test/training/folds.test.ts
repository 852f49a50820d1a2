import { describe, expect, it } from "vitest";
import { planFolds } from "../../training/folds";

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

describe("planFolds", () => {
  const labels = Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? 1 : 0));

  it("partitions every fold into disjoint train, val and test parts covering all cells", () => {
    const plan = planFolds(labels, undefined, { folds: 5, valFraction: 0.1 }, 3);
    expect(plan.splitter).toBe("stratified k-fold");
    const tests = plan.folds.flatMap((f) => f.test);
    expect(sorted(tests)).toEqual(labels.map((_, i) => i));
    for (const fold of plan.folds) {
      const all = [...fold.train, ...fold.val, ...fold.test];
      expect(new Set(all).size).toBe(labels.length);
      expect(fold.val.length).toBeGreaterThan(10);
      expect(fold.val.some((i) => labels[i] === 1)).toBe(true);
    }
  });

  it("keeps each group in one test fold when groups exist", () => {
    const groups = labels.map((_, i) => Math.floor(i / 20));
    const plan = planFolds(labels, groups, { folds: 5, valFraction: 0 }, 3);
    expect(plan.splitter).toBe("group k-fold");
    for (const fold of plan.folds) {
      const testGroups = new Set(fold.test.map((i) => groups[i]));
      expect(fold.train.some((i) => testGroups.has(groups[i]))).toBe(false);
      expect(fold.val).toEqual([]);
    }
  });

  it("is a function of the seed", () => {
    const a = planFolds(labels, undefined, {}, 7);
    expect(planFolds(labels, undefined, {}, 7)).toEqual(a);
    expect(planFolds(labels, undefined, {}, 8)).not.toEqual(a);
  });
});
