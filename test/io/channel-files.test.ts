import { describe, expect, it } from "vitest";
import { createStack } from "../../src/core/stack";
import {
  assembleChannels,
  groupChannelFiles,
  matchChannelFiles,
  matchesPattern,
} from "../../src/io/channel-files";
import { writePng } from "../../src/io/png";
import { writeTiff } from "../../src/io/tiff-write";
import { expectCtcError } from "./fixtures";

const plane = (value: number, width = 3, height = 2) =>
  writeTiff(createStack(new Uint16Array(width * height).fill(value), { channels: ["x"], height, width }));

describe("assembleChannels", () => {
  const files = {
    "cell_Ch1.tif": plane(1),
    "cell_Ch2.tif": plane(2),
    "cell_Ch3.tif": plane(3),
    "notes.txt": new Uint8Array(1),
  };

  it("stacks the matched files in the map's order", () => {
    const stack = assembleChannels(files, { DAPI: "*_Ch2.tif", BF: "*_Ch1.tif" });
    expect(stack.channels).toEqual(["DAPI", "BF"]);
    expect(Array.from(stack.data)).toEqual([2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1]);
  });

  it("reports missing, ambiguous and disagreeing channels with the file name", () => {
    expectCtcError(
      () => assembleChannels(files, { CK: "*_Ch9.tif" }, { file: "set1" }),
      "MISSING_CHANNEL",
      "set1",
      "CK",
    );
    expectCtcError(() => assembleChannels(files, { BF: "cell_Ch?.tif" }), "INVALID_ARGUMENT", "several");
    expectCtcError(
      () =>
        assembleChannels({ ...files, "big_Ch4.tif": plane(4, 4, 2) }, { BF: "*_Ch1.tif", X: "*_Ch4.tif" }),
      "SHAPE_MISMATCH",
      "big_Ch4.tif",
    );
    const png8 = writePng(createStack(new Uint8Array(6), { channels: ["g"], height: 2, width: 3 }));
    expectCtcError(
      () => assembleChannels({ ...files, "p_Ch5.png": png8 }, { BF: "*_Ch1.tif", P: "*_Ch5.png" }),
      "SHAPE_MISMATCH",
      "p_Ch5.png",
    );
    expectCtcError(() => assembleChannels(files, { T: "notes.txt" }), "UNSUPPORTED_FORMAT", "notes.txt");
  });
});

describe("patterns", () => {
  it("match whole names with * and ?, treating other characters literally", () => {
    expect(matchesPattern("a_Ch1.tif", "*_Ch?.tif")).toBe(true);
    expect(matchesPattern("a_Ch1.tiff", "*_Ch?.tif")).toBe(false);
    expect(matchesPattern("aXtif", "a.tif")).toBe(false);
    expect(matchChannelFiles(["x.tif", "y.tif"], { A: "y.*" })).toEqual(new Map([["A", "y.tif"]]));
  });

  it("group per-cell files by a naming pattern", () => {
    const groups = groupChannelFiles(
      ["7_Ch1.tif", "7_Ch2.tif", "8_Ch1.tif", "8_Ch9.tif", "readme"],
      /^(?<cell>\d+)_Ch(?<channel>\d)\.tif$/,
      {
        "1": "BF",
        "2": "DAPI",
      },
    );
    expect(groups).toEqual(
      new Map([
        [
          "7",
          new Map([
            ["BF", "7_Ch1.tif"],
            ["DAPI", "7_Ch2.tif"],
          ]),
        ],
        ["8", new Map([["BF", "8_Ch1.tif"]])],
      ]),
    );
  });
});
