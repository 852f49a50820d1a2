import type { InferenceSession, Tensor } from "onnxruntime-common";
import { describe, expect, it } from "vitest";
import { createSession, serialize, sessionOptions } from "../../src/classify/session";
import { isCtcError } from "../../src/core/errors";
import { BACKENDS, fixtureBytes } from "./fixtures";

/** A fake session that fails if two runs ever overlap, as onnxruntime-web does. */
function fakeSession(failOn?: number) {
  let active = 0;
  let calls = 0;
  const session = {
    inputNames: ["x"],
    outputNames: ["y"],
    inputMetadata: [],
    outputMetadata: [],
    async run() {
      const call = calls++;
      if (active > 0) throw new Error("Session already started");
      active++;
      await new Promise((resolve) => setTimeout(resolve, 2));
      active--;
      if (call === failOn) throw new Error("boom");
      return { y: call } as unknown as InferenceSession.ReturnType;
    },
    async release() {},
  };
  return session as unknown as InferenceSession;
}

describe("serialize", () => {
  it("never lets two runs overlap and keeps their order", async () => {
    const session = serialize(fakeSession());
    const results = await Promise.all(Array.from({ length: 6 }, () => session.run({})));
    expect(results.map((r) => r.y)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("wraps a failed run as RUNTIME_ERROR and keeps the queue going", async () => {
    const session = serialize(fakeSession(1));
    const runs = [session.run({}), session.run({}), session.run({})];
    await expect(runs[1]).rejects.toSatisfy(
      (e) => isCtcError(e, "RUNTIME_ERROR") && String(e).includes("boom"),
    );
    expect((await runs[0]).y).toBe(0);
    expect((await runs[2]).y).toBe(2);
  });
});

describe("sessionOptions", () => {
  const stopSpinning = { "session.force_spinning_stop": "1" };

  it("maps the library's settings to ONNX Runtime's names", () => {
    expect(sessionOptions()).toEqual({ graphOptimizationLevel: "all", extra: stopSpinning });
    expect(
      sessionOptions({ threads: 2, graphOptimizationLevel: "basic", executionProviders: ["cpu"] }),
    ).toEqual({
      graphOptimizationLevel: "basic",
      intraOpNumThreads: 2,
      executionProviders: ["cpu"],
      extra: stopSpinning,
    });
  });

  it("lays the caller's session config entries over the library's", () => {
    expect(sessionOptions({ sessionConfig: { "session.intra_op.allow_spinning": "0" } }).extra).toEqual({
      ...stopSpinning,
      "session.intra_op.allow_spinning": "0",
    });
    expect(sessionOptions({ sessionConfig: { "session.force_spinning_stop": "0" } }).extra).toEqual({
      "session.force_spinning_stop": "0",
    });
  });

  it("refuses a session config value that is not a string, naming the entry", () => {
    const settings = { sessionConfig: { "session.intra_op.spin_duration_us": 500 } } as never;
    expect(() => sessionOptions(settings)).toThrow(
      expect.objectContaining({
        code: "INVALID_ARGUMENT",
        field: "sessionConfig.session.intra_op.spin_duration_us",
      }),
    );
  });
});

describe.each(BACKENDS)("createSession (%s)", (_, ort) => {
  it("loads a model and runs it with the runtime's own Tensor", async () => {
    const session = await createSession(ort, fixtureBytes("small-resnet.onnx"), { threads: 1 });
    expect(session.inputNames).toEqual(["input"]);
    const input: Tensor = new ort.Tensor("float32", new Float32Array(2 * 3 * 32 * 32), [2, 3, 32, 32]);
    const out = await session.run({ input });
    expect(out.logits.dims).toEqual([2, 3]);
    await session.release();
  });

  it("reports an unloadable graph as MODEL_INVALID", async () => {
    await expect(createSession(ort, new TextEncoder().encode("garbage"))).rejects.toSatisfy((e) =>
      isCtcError(e, "MODEL_INVALID"),
    );
  });
});
