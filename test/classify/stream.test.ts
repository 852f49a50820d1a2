import { describe, expect, it } from "vitest";
import { batched, throwIfAborted } from "../../src/classify/stream";
import { isCtcError } from "../../src/core/errors";

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe("batched", () => {
  it("groups sync and async sources in order, the last group short", async () => {
    expect(await collect(batched([1, 2, 3, 4, 5], 2))).toEqual([[1, 2], [3, 4], [5]]);
    async function* numbers() {
      for (let i = 0; i < 5; i++) yield i;
    }
    expect(await collect(batched(numbers(), 3))).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(await collect(batched([], 3))).toEqual([]);
  });

  it("pulls no more than one group ahead of the consumer", async () => {
    let pulled = 0;
    function* counting() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield i;
      }
    }
    const groups = batched(counting(), 4);
    await groups.next();
    expect(pulled).toBe(4);
    await groups.next();
    expect(pulled).toBe(8);
  });

  it("closes the source when the consumer stops early", async () => {
    let closed = false;
    function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const group of batched(source(), 2)) {
      expect(group).toEqual([0, 1]);
      break;
    }
    expect(closed).toBe(true);
  });

  it("stops with ABORTED when the signal fires between groups", async () => {
    const controller = new AbortController();
    const seen: number[][] = [];
    await expect(
      (async () => {
        for await (const group of batched([1, 2, 3, 4], 2, controller.signal)) {
          seen.push(group);
          controller.abort(new Error("user"));
        }
      })(),
    ).rejects.toSatisfy((e) => isCtcError(e, "ABORTED"));
    expect(seen).toEqual([[1, 2]]);
  });
});

describe("throwIfAborted", () => {
  it("passes without a signal or before abort, throws ABORTED with the reason after", () => {
    expect(() => throwIfAborted(undefined)).not.toThrow();
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    const reason = new Error("stop");
    controller.abort(reason);
    try {
      throwIfAborted(controller.signal);
      expect.unreachable();
    } catch (error) {
      expect(isCtcError(error, "ABORTED")).toBe(true);
      expect((error as Error).cause).toBe(reason);
    }
  });
});
