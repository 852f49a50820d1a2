import { describe, expect, it } from "vitest";
import { AUGMENT_OPS } from "../../src/augment/ops";
import { parseAugmentPipeline } from "../../src/augment/pipeline";
import { sampleRng } from "../../src/random/rng";
import { randomStack } from "./helpers";

const required: Record<string, Record<string, unknown>> = {
  crop: { height: 4, width: 4 },
  resized_crop: { height: 6, width: 6 },
  bleed_through: { from: "CK", to: "CD45" },
};

describe("AUGMENT_OPS", () => {
  it.each(Object.keys(AUGMENT_OPS))("%s parses its defaults, samples plain JSON and applies", (op) => {
    const pipeline = parseAugmentPipeline({ version: 1, steps: [{ op, ...required[op] }] });
    const stack = randomStack(1, ["DAPI", "CK", "CD45"], 10, 10);
    const impl = AUGMENT_OPS[op];
    if (pipeline.root.type !== "sequence" || pipeline.root.steps[0].type !== "op")
      throw new Error("bad parse");
    const params = impl.sample(sampleRng(1, 0, 0), stack, pipeline.root.steps[0].config);
    expect(JSON.parse(JSON.stringify(params))).toEqual(params);
    const out = impl.apply(stack, params);
    expect(out.channels).toEqual(stack.channels);
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(impl.apply(stack, params)).toEqual(out);
    expect(Array.from(stack.data)).toEqual(Array.from(randomStack(1, ["DAPI", "CK", "CD45"], 10, 10).data));
  });
});
