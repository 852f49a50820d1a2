import { describe, expect, it } from "vitest";
import { isCtcError } from "../../src/core/errors";
import { resolveConfig } from "../../src/synth/config";
import { PRESETS } from "../../src/synth/presets";

describe("resolveConfig", () => {
  it("defaults to the paper-like preset with 0.64 micrometre pixels and four channels", () => {
    const config = resolveConfig();
    expect(config).toEqual(PRESETS["paper-like"]);
    expect(config.pixelSizeUm).toBe(0.64);
    expect(config.channels.map((c) => c.name)).toEqual(["BF", "DAPI", "CK", "CD45"]);
  });

  it("merges nested overrides field by field and ignores undefined", () => {
    const config = resolveConfig({
      preset: "easy",
      cropSize: 96,
      bitDepth: undefined,
      difficulty: { labelNoise: 0.1 },
      imaging: { readNoise: 0.01 },
      types: { ctc: { irregularity: 0.2 } },
      compounds: { doublet: { packing: 0.8 } },
    });
    expect(config.cropSize).toBe(96);
    expect(config.bitDepth).toBe(16);
    expect(config.difficulty.labelNoise).toBe(0.1);
    expect(config.difficulty.noiseScale).toBe(PRESETS.easy.difficulty.noiseScale);
    expect(config.imaging.readNoise).toBe(0.01);
    expect(config.imaging.offset).toBe(PRESETS.easy.imaging.offset);
    expect(config.types.ctc.irregularity).toBe(0.2);
    expect(config.types.ctc.diameterUm).toEqual(PRESETS.easy.types.ctc.diameterUm);
    expect(config.compounds.doublet.packing).toBe(0.8);
  });

  it.each([
    [{ bitDepth: 12 as 8 }, "bitDepth"],
    [{ cropSize: 4 }, "cropSize"],
    [{ prevalence: 1.5 }, "prevalence"],
    [{ pixelSizeUm: 0 }, "pixelSizeUm"],
    [{ difficulty: { labelNoise: -0.1 } }, "difficulty.labelNoise"],
    [{ difficulty: { noiseScale: 0 } }, "difficulty.noiseScale"],
    [{ difficulty: { sizeOverlap: 1.2 } }, "difficulty.sizeOverlap"],
    [{ imaging: { bleedThrough: [{ from: "DAPI", to: "GFP", fraction: 0.1 }] } }, "imaging.bleedThrough"],
    [{ ctcMix: { ctc: 0 } }, "ctcMix"],
    [{ otherMix: { platelet: 1 } as never }, "otherMix.platelet"],
    [{ preset: "hard" as never }, "preset"],
    [{ channels: [] }, "channels"],
  ])("rejects %j naming the field", (options, field) => {
    try {
      resolveConfig(options);
      expect.unreachable();
    } catch (error) {
      expect(isCtcError(error, "INVALID_ARGUMENT")).toBe(true);
      expect((error as { field: string }).field).toBe(field);
    }
  });
});
