import { describe, expect, it } from "vitest";
import { ProgressBar } from "../../src/cli/progress";

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 80, write: (t: string) => writes.push(t) } };
}

describe("ProgressBar", () => {
  it("draws on a terminal and ends the line", () => {
    const { writes, stream } = sink(true);
    const bar = new ProgressBar(stream, "cells");
    bar.update(5, 10);
    bar.update(10, 10);
    bar.done();
    expect(writes.some((w) => w.includes("10/10 cells"))).toBe(true);
    expect(writes.at(-1)).toBe("\n");
  });

  it("is silent when piped or quiet", () => {
    for (const [isTTY, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const { writes, stream } = sink(isTTY);
      const bar = new ProgressBar(stream, "cells", { quiet });
      bar.update(1, 2);
      bar.done();
      expect(writes).toEqual([]);
    }
  });
});
