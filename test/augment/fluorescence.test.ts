import { describe, expect, it } from "vitest";
import {
  bleedThroughOp,
  channelDropoutOp,
  hotPixelsOp,
  misregister,
  misregistrationOp,
} from "../../src/augment/fluorescence";
import { StepReader } from "../../src/augment/spec";
import { isCtcError } from "../../src/core/errors";
import { createStack } from "../../src/core/stack";
import { createRng } from "../../src/random/rng";
import { randomStack } from "./helpers";

const shape = { channels: ["DAPI", "CK", "CD45"], height: 4, width: 4 };

describe("fluorescence ops", () => {
  it("bleed-through adds a fraction of one named channel into another", () => {
    const stack = createStack(Uint8Array.from([10, 20, 100, 250]), {
      channels: ["CK", "CD45"],
      height: 1,
      width: 2,
    });
    const out = bleedThroughOp.apply(stack, { from: "CK", to: "CD45", fraction: 0.5 });
    expect(Array.from(out.data)).toEqual([10, 20, 105, 255]);
    const config = bleedThroughOp.parse(
      new StepReader({ op: "bleed_through", from: "CK", to: "CD45" }, "s", "bleed_through"),
    );
    expect(() => bleedThroughOp.sample(createRng(1), { ...shape, channels: ["CK"] }, config)).toThrow(/CD45/);
  });

  it("hot pixels saturate drawn positions: dtype max for integers", () => {
    const stack = createStack(new Uint16Array(16), { channels: ["A"], height: 4, width: 4 });
    const out = hotPixelsOp.apply(stack, { pixels: [{ channel: "A", y: 1, x: 2 }], value: "max" });
    expect(out.data[6]).toBe(65535);
    expect(Array.from(out.data).reduce((a, b) => a + b, 0)).toBe(65535);
    const config = hotPixelsOp.parse(
      new StepReader({ op: "hot_pixels", count: [2, 2], value: 7 }, "s", "hot_pixels"),
    );
    const p = hotPixelsOp.sample(createRng(2), shape, config);
    expect(p.pixels).toHaveLength(2);
    expect(p.value).toBe(7);
  });

  it("channel dropout drops with probability p and never blanks the whole image", () => {
    const rng = createRng(3);
    const config = channelDropoutOp.parse(
      new StepReader({ op: "channel_dropout", p: 0.3 }, "s", "channel_dropout"),
    );
    let dropped = 0;
    for (let i = 0; i < 2000; i++) dropped += channelDropoutOp.sample(rng, shape, config).dropped.length;
    // 6000 channel draws at p = 0.3, minus the rare all-dropped rescues (0.3^3 = 2.7% of samples).
    expect(Math.abs(dropped / 6000 - (0.3 - 0.027 / 3))).toBeLessThan(0.02);
    const all = channelDropoutOp.parse(
      new StepReader({ op: "channel_dropout", p: 1 }, "s", "channel_dropout"),
    );
    expect(channelDropoutOp.sample(rng, shape, all).dropped).toHaveLength(2);
    const stack = randomStack(1, ["DAPI", "CK", "CD45"], 4, 4);
    const out = channelDropoutOp.apply(stack, { dropped: ["CK"], value: 0 });
    expect(out.data.subarray(16, 32).every((v) => v === 0)).toBe(true);
    expect(out.data.subarray(0, 16)).toEqual(stack.data.subarray(0, 16));
  });

  it("misregistration shifts one channel only, by whole pixels exactly", () => {
    const stack = randomStack(4, ["A", "B"], 5, 6);
    const out = misregister(stack, { channel: "B", shift: [1, 0] });
    expect(out.data.subarray(0, 30)).toEqual(stack.data.subarray(0, 30));
    expect(out.data[30 + 2 * 6 + 3]).toBe(stack.data[30 + 2 * 6 + 2]);
    expect(misregister(stack, { channel: "A", shift: [0, 0] }).data).toEqual(stack.data);
    const config = misregistrationOp.parse(
      new StepReader({ op: "misregistration", max_shift: 0.25 }, "s", "misregistration"),
    );
    const p = misregistrationOp.sample(createRng(5), shape, config);
    expect(Math.abs(p.shift[0])).toBeLessThanOrEqual(0.25);
    try {
      misregister(stack, { channel: "Z", shift: [0, 0] });
      expect.unreachable();
    } catch (err) {
      expect(isCtcError(err, "MISSING_CHANNEL")).toBe(true);
    }
  });
});
