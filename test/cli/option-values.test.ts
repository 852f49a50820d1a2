import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/exit-codes";
import {
  channelMapOption,
  listOption,
  positiveIntegerListOption,
  positiveIntegerOption,
  positiveNumberOption,
  probabilityOption,
  seedOption,
  sizeOption,
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

describe("option values of the newer commands", () => {
  it("takes seeds from 0 to 2^32 - 1", () => {
    expect(seedOption(undefined, "seed")).toBeUndefined();
    expect(seedOption("0", "seed")).toBe(0);
    expect(seedOption("4294967295", "seed")).toBe(4294967295);
    expect(() => seedOption("-1", "seed")).toThrow(/--seed must be an integer from 0/);
    expect(() => seedOption("1.5", "seed")).toThrow(/--seed/);
  });

  it("reads WIDTHxHEIGHT sizes", () => {
    expect(sizeOption("2048x1536", "field")).toEqual({ width: 2048, height: 1536 });
    expect(sizeOption(undefined, "field")).toBeUndefined();
    for (const bad of ["2048", "0x10", "10x", "axb", "10x10x10"])
      expect(() => sizeOption(bad, "field")).toThrow(/--field must look like 1024x768/);
  });

  it("reads comma lists of positive integers", () => {
    expect(positiveIntegerListOption("1, 16,64", "batch")).toEqual([1, 16, 64]);
    expect(() => positiveIntegerListOption("1,0", "batch")).toThrow(
      /--batch must be a positive integer, got "0"/,
    );
  });

  it("reads positive numbers", () => {
    expect(positiveNumberOption("0.64", "pixel-size")).toBe(0.64);
    for (const bad of ["0", "-1", "", "x", "Infinity"])
      expect(() => positiveNumberOption(bad, "pixel-size")).toThrow(/--pixel-size must be a positive number/);
  });
});
