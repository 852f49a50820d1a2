import { describe, expect, it } from "vitest";
import { type Fold, stratifiedGroupKFold, stratifiedKFold } from "../../src/metrics/split";
import { byName, type Fx, fixture } from "./fixture";

const binary = fixture("binary").cases.filter((c: Fx) => c.stratified !== undefined);
const multi = fixture("multiclass");
const cases = [...byName(binary), ["multiclass", multi]];

const plain = (folds: Fold[]) => folds.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) }));

/** Every sample is in exactly one test fold, and train is the complement. */
function expectPartition(folds: Fold[], n: number): void {
  const seen = new Int32Array(n);
  for (const f of folds) {
    for (const i of f.test) seen[i]++;
    expect(f.train.length + f.test.length).toBe(n);
    const test = new Set(f.test);
    for (const i of f.train) expect(test.has(i)).toBe(false);
  }
  expect(seen.every((v) => v === 1)).toBe(true);
}

function classCount(y: ArrayLike<number>, idx: Int32Array, label: number): number {
  let n = 0;
  for (const i of idx) if (y[i] === label) n++;
  return n;
}

describe.each(cases)("unshuffled folds equal scikit-learn's (%s)", (_, c: Fx) => {
  it("StratifiedKFold", () => {
    expect(plain(stratifiedKFold(c.yTrue))).toEqual(c.stratified);
  });
  it("StratifiedGroupKFold", () => {
    expect(plain(stratifiedGroupKFold(c.yTrue, c.groups))).toEqual(c.grouped);
  });
});

describe("shuffled stratified k-fold", () => {
  const y = multi.yTrue as number[];
  it("partitions the samples and keeps each class within one sample of its share per fold", () => {
    for (const seed of [0, 1, 2]) {
      const folds = stratifiedKFold(y, { shuffle: true, seed });
      expectPartition(folds, y.length);
      for (const label of new Set(y)) {
        const counts = folds.map((f) => classCount(y, f.test, label));
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }
    }
  });
  it("replays a seed and changes with it", () => {
    const a = plain(stratifiedKFold(y, { shuffle: true, seed: 5 }));
    expect(plain(stratifiedKFold(y, { shuffle: true, seed: 5 }))).toEqual(a);
    expect(plain(stratifiedKFold(y, { shuffle: true, seed: 6 }))).not.toEqual(a);
    expect(plain(stratifiedKFold(y, { shuffle: true, seed: 5 }))).not.toEqual(plain(stratifiedKFold(y)));
  });
});

describe("shuffled stratified group k-fold", () => {
  const y = multi.yTrue as number[];
  const groups = multi.groups as number[];
  it("never puts one group on both sides, and partitions the samples", () => {
    for (const seed of [0, 1, 2, 3]) {
      const folds = stratifiedGroupKFold(y, groups, { shuffle: true, seed });
      expectPartition(folds, y.length);
      for (const f of folds) {
        const testGroups = new Set(Array.from(f.test, (i) => groups[i]));
        for (const i of f.train) expect(testGroups.has(groups[i])).toBe(false);
      }
    }
  });
  it("replays a seed", () => {
    const a = plain(stratifiedGroupKFold(y, groups, { shuffle: true, seed: 9 }));
    expect(plain(stratifiedGroupKFold(y, groups, { shuffle: true, seed: 9 }))).toEqual(a);
  });
  it("accepts patient names as groups (same sort order, same folds)", () => {
    const names = groups.map((g) => `patient-${String(g).padStart(3, "0")}`);
    expect(plain(stratifiedGroupKFold(y, names))).toEqual(multi.grouped);
  });
});

describe("splitter checks", () => {
  it("refuses too few samples, groups or class members", () => {
    expect(() => stratifiedKFold([0, 1, 0], { nSplits: 4 })).toThrow(/more folds than samples/);
    expect(() => stratifiedKFold([0, 1, 0, 1], { nSplits: 1 })).toThrow(/nSplits/);
    expect(() => stratifiedKFold([0, 1, 2, 3, 4, 5], { nSplits: 2 })).toThrow(/fewer members/);
    expect(() => stratifiedGroupKFold([0, 1, 0, 1], ["a", "a", "b", "b"], { nSplits: 3 })).toThrow(
      /fewer groups/,
    );
  });
});
