import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CtcError } from "../../src/core/errors";
import { readTrainingConfig } from "../../training/config";

const DEFAULT = new URL("../../training/configs/default.json", import.meta.url);

function configWith(data: Record<string, unknown>): string {
  const config = JSON.parse(readFileSync(DEFAULT, "utf8"));
  const path = join(mkdtempSync(join(tmpdir(), "ctc-config-")), "config.json");
  writeFileSync(path, JSON.stringify({ ...config, data: { ...config.data, ...data } }));
  return path;
}

function errorOf(path: string): CtcError {
  try {
    readTrainingConfig(path);
  } catch (error) {
    if (error instanceof CtcError) return error;
    throw error;
  }
  throw new Error("expected readTrainingConfig to throw");
}

describe("readTrainingConfig", () => {
  it("reads the default config, with simulator overrides", () => {
    const path = configWith({ options: { difficulty: { sizeOverlap: 0.2 } } });
    expect(readTrainingConfig(path).data).toMatchObject({ kind: "synth", preset: "paper-like" });
  });

  it("names the file and the data field of a bad simulator override when the config is read", () => {
    const path = configWith({ options: { difficulty: { sizeOverlap: 1.5 } } });
    const error = errorOf(path);
    expect(error.code).toBe("INVALID_SPEC");
    expect(error.file).toBe(path);
    expect(error.field).toBe("data.options.difficulty.sizeOverlap");
    expect(error.message).toContain("1.5");
  });

  it("names data.preset for an unknown preset", () => {
    const path = configWith({ preset: "hard" });
    const error = errorOf(path);
    expect(error.file).toBe(path);
    expect(error.field).toBe("data.preset");
  });

  it("names the file for every bad field, not only the simulator's", () => {
    const config = JSON.parse(readFileSync(DEFAULT, "utf8"));
    const path = join(mkdtempSync(join(tmpdir(), "ctc-config-")), "config.json");
    writeFileSync(path, JSON.stringify({ ...config, cv: { folds: 1 } }));
    const error = errorOf(path);
    expect(error.file).toBe(path);
    expect(error.field).toBe("cv.folds");
  });
});
