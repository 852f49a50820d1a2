import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import { normalize } from "../../src/preprocess/normalize";
import { createPreprocessor, preprocess } from "../../src/preprocess/pipeline";
import { resize } from "../../src/preprocess/resize";
import type { PreprocessSpec } from "../../src/preprocess/spec";
import {
  accumulateStatistics,
  createStatisticsAccumulator,
  finalizeStatistics,
} from "../../src/preprocess/statistics";
import { validatePreprocessSpec } from "../../src/preprocess/validate";
import {
  expectClose,
  expectCtcError,
  type FixtureArray,
  fixtureStack,
  loadFixture,
  randomStack,
  seeded,
  typed,
} from "./fixtures";

interface Case {
  name: string;
  input: FixtureArray;
  channels: string[];
  spec: PreprocessSpec;
  expected: FixtureArray;
}
const { cases } = loadFixture<{ cases: Case[] }>("pipeline.json");

const perSample: PreprocessSpec = {
  version: 1,
  channels: ["DAPI", "CK"],
  steps: [
    { op: "scale_range", mode: "per_sample", min_percentile: 1, max_percentile: 99.8 },
    { op: "resize", height: 8, width: 8, mode: "area" },
  ],
};

describe("preprocess equals NumPy + PyTorch on a whole spec", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const out = preprocess(fixtureStack(c.input, c.channels), c.spec);
    expect(out.channels).toEqual(c.spec.channels);
    expect([out.height, out.width]).toEqual(c.expected.shape.slice(1));
    expectClose(out.data, typed(c.expected), { abs: 1e-5 });
  });
});

describe("preprocess", () => {
  const random = seeded(5);
  const cell = createStack(randomStack(random, [3, 12, 10], "uint16", 4000).data, {
    channels: ["BF", "CK", "DAPI"],
    height: 12,
    width: 10,
  });

  it("selects channels by name, in the spec's order, then runs the steps in order", () => {
    const out = preprocess(cell, perSample);
    const picked = createStack(
      Uint16Array.from([...cell.data.subarray(240, 360), ...cell.data.subarray(120, 240)]),
      {
        channels: ["DAPI", "CK"],
        height: 12,
        width: 10,
      },
    );
    const expected = resize(normalize(picked, perSample.steps[0] as never), {
      height: 8,
      width: 8,
      mode: "area",
    });
    expect(out.channels).toEqual(["DAPI", "CK"]);
    // Scaling and resizing run as one pass, so only the float32 rounding in between differs.
    expectClose(out.data, expected.data, { abs: 1e-6 });
  });

  it("fuses an affine step into the following resize without changing the result", () => {
    // Values far from 0 with a tiny spread: weights that do not sum to exactly 1 would show here.
    const data = Float32Array.from({ length: 2 * 9 * 11 }, (_, i) => 5000 + ((i * 37) % 17) / 8);
    const input = createStack(data, { channels: ["DAPI", "CK"], height: 9, width: 11 });
    const steps = [
      { op: "fixed_zero_mean_unit_variance", mean: 5001, std: 0.5 },
      { op: "resize", height: 5, width: 7, mode: "bilinear" },
    ] as const;
    for (const mode of ["bilinear", "area", "nearest"] as const) {
      const resizeStep = { ...steps[1], mode };
      const fused = preprocess(input, {
        version: 1,
        channels: ["DAPI", "CK"],
        steps: [steps[0], resizeStep],
      });
      const apart = resize(normalize(input, steps[0]), resizeStep);
      expectClose(fused.data, apart.data, { abs: 2e-6 });
    }
  });

  it("gives the same result on every run of a reused preprocessor", () => {
    const pre = createPreprocessor(perSample);
    const first = pre.run(cell).data.slice();
    const other = randomStack(random, [2, 30, 31], "uint16");
    pre.run(createStack(other.data, { channels: ["CK", "DAPI"], height: 30, width: 31 }));
    expect(pre.run(cell).data).toEqual(first);
    expect(pre.outputSize(100, 7)).toEqual({ height: 8, width: 8 });
  });

  it("copies to float32 when there are no steps, and writes into a given array", () => {
    const out = new Float32Array(1000);
    const result = preprocess(cell, { version: 1, channels: ["CK"], steps: [] }, { out });
    expect(result.data.buffer).toBe(out.buffer);
    expect([...result.data]).toEqual([...cell.data.subarray(120, 240)]);
  });

  it("handles 1x1 and non-square images", () => {
    const one = createStack(Uint16Array.from([7, 9]), { channels: ["DAPI", "CK"], height: 1, width: 1 });
    const out = preprocess(one, perSample);
    expect(out.data.length).toBe(128);
    expect(out.data.every((v) => v === 0)).toBe(true);
    const wide = randomStack(random, [2, 5, 40]);
    const spec: PreprocessSpec = {
      version: 1,
      channels: ["c1", "c0"],
      steps: [
        { op: "pad", height: 40, width: 40, mode: "constant" },
        { op: "center_crop", height: 20, width: 40 },
      ],
    };
    expect(preprocess(wide, spec)).toMatchObject({ height: 20, width: 40 });
  });

  it("runs per_dataset steps from accumulated statistics that went through JSON", () => {
    const cells = [0, 1, 2].map(() => randomStack(random, [2, 6, 6], "uint16", 3000));
    const acc = createStatisticsAccumulator();
    for (const c of cells) accumulateStatistics(acc, c);
    const statistics = JSON.parse(JSON.stringify(finalizeStatistics(acc, { percentiles: [1, 99.8] })));
    const spec = validatePreprocessSpec({
      version: 1,
      channels: ["c0", "c1"],
      steps: [{ op: "scale_range", mode: "per_dataset", min_percentile: 1, max_percentile: 99.8 }],
      statistics,
    });
    const out = preprocess(cells[1], spec);
    const { "1": lo, "99.8": hi } = statistics.channels.c1.percentiles;
    expect(out.data[36 + 5]).toBeCloseTo((cells[1].data[36 + 5] - lo) / (hi - lo + 1e-6), 6);
  });
});

describe("preprocess errors", () => {
  const cell = createStack(new Float32Array(8), { channels: ["BF", "DAPI"], height: 2, width: 2 });

  it("names missing channels and lists those present", () => {
    const error = expectCtcError(() => preprocess(cell, perSample, { cell: 4 }), "MISSING_CHANNEL");
    expect(error.channel).toBe("CK");
    expect(error.cell).toBe(4);
    expect(error.message).toContain('["BF","DAPI"]');
  });

  it("rejects NaN and infinity, naming the channel", () => {
    const data = new Float32Array(8);
    data[6] = Number.POSITIVE_INFINITY;
    const bad = createStack(data, { channels: ["CK", "DAPI"], height: 2, width: 2 });
    expect(expectCtcError(() => preprocess(bad, perSample), "NON_FINITE").channel).toBe("DAPI");
  });

  it("rejects empty images, crops larger than the image and invalid specs", () => {
    const empty = createStack(new Float32Array(0), { channels: ["DAPI", "CK"], height: 0, width: 5 });
    expectCtcError(() => preprocess(empty, perSample), "INVALID_ARGUMENT");
    const crop: PreprocessSpec = {
      version: 1,
      channels: ["BF"],
      steps: [{ op: "center_crop", height: 3, width: 2 }],
    };
    expectCtcError(() => preprocess(cell, crop), "SHAPE_MISMATCH");
    expectCtcError(
      () => preprocess(cell, { ...perSample, steps: [{ op: "blur" }] } as never),
      "INVALID_SPEC",
    );
  });
});
