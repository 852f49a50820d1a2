import { describe, expect, it } from "vitest";
import { readNpz } from "../../src/io/npz";
import { readTiff } from "../../src/io/tiff";
import { resolveConfig } from "../../src/synth/config";
import { datasetFiles } from "../../src/synth/dataset-files";
import { generateCell } from "../../src/synth/render-cell";

const config = resolveConfig({ preset: "easy", cropSize: 32 });

describe("datasetFiles", () => {
  it("writes NPZ shards that read back to the generated cells, plus a manifest", () => {
    const files = [...datasetFiles(4, config, { count: 5, shardSize: 2 })];
    expect(files.map((f) => f.path)).toEqual([
      "shard-00000.npz",
      "shard-00001.npz",
      "shard-00002.npz",
      "manifest.csv",
    ]);
    const shard = readNpz(files[1].bytes);
    const x = shard.get("x")!;
    expect(x.shape).toEqual([2, 4, 32, 32]);
    const cell3 = generateCell(4, 3, config);
    expect(Array.from(x.data.subarray(4 * 32 * 32, 8 * 32 * 32))).toEqual(Array.from(cell3.stack.data));
    expect(shard.get("y")!.data[1]).toBe(cell3.truth.label === "CTC" ? 1 : 0);
    const manifest = new TextDecoder().decode(files[3].bytes).trimEnd().split("\n");
    expect(manifest).toHaveLength(6);
    expect(manifest[4].startsWith("shard-00001.npz,1,3,4,")).toBe(true);
  });

  it("writes one TIFF per cell with channel names, as instrument exports look", () => {
    const files = [...datasetFiles(4, config, { count: 2, format: "tiff" })];
    expect(files.map((f) => f.path)).toEqual(["cells/000000.tif", "cells/000001.tif", "manifest.csv"]);
    const stack = readTiff(files[1].bytes);
    expect(stack.channels).toEqual(["BF", "DAPI", "CK", "CD45"]);
    expect(Array.from(stack.data)).toEqual(Array.from(generateCell(4, 1, config).stack.data));
    expect(() => [...datasetFiles(4, config, { count: 1, shardSize: 0 })]).toThrow(/shard/);
  });

  it("is byte-identical from the same seed", () => {
    const a = [...datasetFiles(9, config, { count: 3 })];
    const b = [...datasetFiles(9, config, { count: 3 })];
    expect(a).toEqual(b);
  });
});
