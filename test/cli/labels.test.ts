import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLabels } from "../../src/cli/labels";

describe("readLabels", () => {
  const cwd = mkdtempSync(join(tmpdir(), "ctc-labels-"));
  mkdirSync(join(cwd, "data"));

  it("reads id/label rows as written by the CLI", () => {
    writeFileSync(join(cwd, "a.csv"), "id,label\ncells/x.tif#0,CTC\ncells/y.tif#3,WBC\n");
    expect([...readLabels(join(cwd, "a.csv"), cwd)]).toEqual([
      ["cells/x.tif#0", "CTC"],
      ["cells/y.tif#3", "WBC"],
    ]);
  });

  it("resolves source columns against the CSV's folder", () => {
    writeFileSync(join(cwd, "data", "b.csv"), "source,index,label\ncell-1.tif,0,CTC\n");
    expect([...readLabels(join(cwd, "data", "b.csv"), cwd)]).toEqual([["data/cell-1.tif#0", "CTC"]]);
  });

  it("names the file when a column is missing or the file is absent", () => {
    writeFileSync(join(cwd, "c.csv"), "id,truth\nx#0,CTC\n");
    expect(() => readLabels(join(cwd, "c.csv"), cwd)).toThrow(
      /c\.csv: label: the labels CSV needs a label column/,
    );
    expect(() => readLabels(join(cwd, "missing.csv"), cwd)).toThrow(/missing\.csv.*ENOENT/);
  });
});
