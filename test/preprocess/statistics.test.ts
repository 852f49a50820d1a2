import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import type { ChannelStatistics } from "../../src/preprocess/spec";
import {
  accumulateStatistics,
  createStatisticsAccumulator,
  finalizeStatistics,
  mergeStatistics,
  moments,
  type StatisticsAccumulator,
} from "../../src/preprocess/statistics";
import {
  expectClose,
  expectCtcError,
  type FixtureArray,
  fixtureStack,
  loadFixture,
  randomStack,
  seeded,
} from "./fixtures";

interface Case {
  name: string;
  channels: string[];
  stacks: FixtureArray[];
  qs: number[];
  floatRange?: { min: number; max: number; bins: number };
  expected: Record<string, ChannelStatistics>;
}
const { cases } = loadFixture<{ cases: Case[] }>("statistics.json");
const exactCases = cases.filter((c) => c.floatRange === undefined);

function accumulate(c: Case, stacks = c.stacks): StatisticsAccumulator {
  const acc = createStatisticsAccumulator({ floatRange: c.floatRange });
  for (const s of stacks) accumulateStatistics(acc, fixtureStack(s, c.channels));
  return acc;
}

describe("dataset statistics equal NumPy on the concatenated data", () => {
  it.each(exactCases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const result = finalizeStatistics(accumulate(c), { percentiles: c.qs });
    expect(result.images).toBe(c.stacks.length);
    for (const name of c.channels) {
      const got = result.channels[name];
      const want = c.expected[name];
      expect([got.count, got.min, got.max]).toEqual([want.count, want.min, want.max]);
      expectClose([got.mean, got.std], [want.mean, want.std], { rel: 1e-12 });
      expect(got.percentiles).toEqual(want.percentiles);
    }
  });

  it("approximates float percentiles within one bin, with exact ends", () => {
    const c = cases.find((k) => k.floatRange !== undefined)!;
    const result = finalizeStatistics(accumulate(c), { percentiles: c.qs }).channels.BF;
    const want = c.expected.BF;
    const bin = (c.floatRange!.max - c.floatRange!.min) / c.floatRange!.bins;
    expectClose([result.mean, result.std], [want.mean, want.std], { rel: 1e-12 });
    for (const q of c.qs)
      expect(Math.abs(result.percentiles[String(q)] - want.percentiles[String(q)])).toBeLessThanOrEqual(bin);
    expect([result.percentiles["0"], result.percentiles["100"]]).toEqual([want.min, want.max]);
  });
});

describe("accumulators merge", () => {
  it.each(exactCases.map((c) => [c.name, c] as const))(
    "split in two and merged equals one pass: %s",
    (_, c) => {
      const whole = finalizeStatistics(accumulate(c), { percentiles: c.qs });
      const a = accumulate(c, c.stacks.slice(0, 1));
      const b = accumulate(c, c.stacks.slice(1));
      // structuredClone stands in for postMessage between workers.
      const merged = finalizeStatistics(mergeStatistics(structuredClone(a), structuredClone(b)), {
        percentiles: c.qs,
      });
      expect(merged.images).toBe(whole.images);
      for (const name of c.channels) {
        const got = merged.channels[name];
        const want = whole.channels[name];
        expect(got.percentiles).toEqual(want.percentiles);
        expect([got.count, got.min, got.max]).toEqual([want.count, want.min, want.max]);
        expectClose([got.mean, got.std], [want.mean, want.std], { rel: 1e-12 });
      }
      // Merging does not change its inputs.
      expect(finalizeStatistics(a).images).toBe(1);
    },
  );

  it("merges with an empty accumulator and matches channels by name, not position", () => {
    const random = seeded(9);
    const x = randomStack(random, [2, 5, 5], "uint8", 256);
    const swapped = createStack(Uint8Array.from([...x.data.subarray(25), ...x.data.subarray(0, 25)]), {
      channels: ["c1", "c0"],
      height: 5,
      width: 5,
    });
    const a = createStatisticsAccumulator();
    accumulateStatistics(a, x);
    const b = createStatisticsAccumulator();
    accumulateStatistics(b, swapped);
    const sa = finalizeStatistics(mergeStatistics(createStatisticsAccumulator(), a), {
      percentiles: [10, 90],
    });
    const sb = finalizeStatistics(b, { percentiles: [10, 90] });
    expect(sa.channels.c0).toEqual(sb.channels.c0);
    expect(sa.channels.c1).toEqual(sb.channels.c1);
  });

  it("gives two-pass moments", () => {
    const m = moments(Float64Array.from([1e9 + 1, 1e9 + 2, 1e9 + 3]));
    expect(m.mean).toBe(1e9 + 2);
    expect(m.m2).toBe(2);
  });
});

describe("statistics errors", () => {
  const u8 = createStack(Uint8Array.from([1, 2]), { channels: ["A"], height: 1, width: 2 });
  const f32 = createStack(Float32Array.from([0.5, 0.25]), { channels: ["A"], height: 1, width: 2 });

  it("rejects a second dtype, in accumulate and merge", () => {
    const acc = createStatisticsAccumulator();
    accumulateStatistics(acc, u8);
    expectCtcError(() => accumulateStatistics(acc, f32), "UNSUPPORTED_DTYPE");
    const other = createStatisticsAccumulator();
    accumulateStatistics(other, f32);
    expectCtcError(() => mergeStatistics(acc, other), "UNSUPPORTED_DTYPE");
  });

  it("needs a float range for float percentiles, but not for moments", () => {
    const acc = createStatisticsAccumulator();
    accumulateStatistics(acc, f32);
    expect(finalizeStatistics(acc).channels.A.mean).toBe(0.375);
    const error = expectCtcError(() => finalizeStatistics(acc, { percentiles: [50] }), "INVALID_ARGUMENT");
    expect(error.field).toBe("floatRange");
  });

  it("rejects bad ranges, mismatched ranges, bad percentiles, NaN and empty images", () => {
    expectCtcError(() => createStatisticsAccumulator({ floatRange: { min: 1, max: 1 } }), "INVALID_ARGUMENT");
    expectCtcError(
      () => createStatisticsAccumulator({ floatRange: { min: 0, max: 1, bins: 0 } }),
      "INVALID_ARGUMENT",
    );
    expectCtcError(
      () =>
        mergeStatistics(
          createStatisticsAccumulator({ floatRange: { min: 0, max: 1 } }),
          createStatisticsAccumulator(),
        ),
      "INVALID_ARGUMENT",
    );
    expectCtcError(
      () => finalizeStatistics(createStatisticsAccumulator(), { percentiles: [101] }),
      "INVALID_ARGUMENT",
    );
    const nan = createStack(Float32Array.from([1, Number.NaN]), { channels: ["CK"], height: 1, width: 2 });
    expect(
      expectCtcError(() => accumulateStatistics(createStatisticsAccumulator(), nan), "NON_FINITE").channel,
    ).toBe("CK");
    const empty = createStack(new Uint8Array(0), { channels: ["A"], height: 0, width: 0 });
    expectCtcError(() => accumulateStatistics(createStatisticsAccumulator(), empty), "INVALID_ARGUMENT");
  });
});
