import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/exit-codes";
import {
  channelMapOption,
  listOption,
  positiveIntegerOption,
  probabilityOption,
  ttaOption,
} from "../../src/cli/option-values";

describe("option values", () => {
  it("parses numbers and rejects bad ones with the option named", () => {
    expect(positiveIntegerOption("16", "batch")).toBe(16);
    expect(positiveIntegerOption(undefined, "batch")).toBeUndefined();
    expect(() => positiveIntegerOption("0", "batch")).toThrow(/--batch must be a positive integer, got "0"/);
    expect(() => positiveIntegerOption("2.5", "batch")).toThrow(UsageError);
    expect(probabilityOption("0.25", "threshold")).toBe(0.25);
    expect(() => probabilityOption("1.2", "threshold")).toThrow(/\[0, 1\]/);
    expect(() => probabilityOption("abc", "threshold")).toThrow(UsageError);
  });

  it("parses TTA names and view lists", () => {
    expect(ttaOption("none")).toEqual([0]);
    expect(ttaOption("flips")).toEqual([0, 4, 6]);
    expect(ttaOption("all")).toHaveLength(8);
    expect(ttaOption("0, 2")).toEqual([0, 2]);
    expect(() => ttaOption("8")).toThrow(/--tta/);
  });

  it("parses lists and channel maps", () => {
    expect(listOption("BF, DAPI,,CK")).toEqual(["BF", "DAPI", "CK"]);
    expect(channelMapOption("BF=*_Ch1.tif,DAPI=*_Ch2.tif")).toEqual({ BF: "*_Ch1.tif", DAPI: "*_Ch2.tif" });
    expect(() => channelMapOption("BF")).toThrow(/--channel-map/);
  });
});
