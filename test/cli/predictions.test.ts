import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPredictions } from "../../src/cli/predictions";

describe("readPredictions", () => {
  const dir = mkdtempSync(join(tmpdir(), "ctc-predictions-"));

  it("reads ids and probabilities, and the run's threshold and positive class from the JSON beside", () => {
    writeFileSync(
      join(dir, "predictions.csv"),
      "id,source,index,label,positive_probability,p_a,p_CTC\nx.tif#0,x.tif,0,CTC,0.75,0.25,0.75\ny.tif#0,y.tif,0,a,0.1,0.9,0.1\n",
    );
    writeFileSync(
      join(dir, "predictions.json"),
      JSON.stringify({ model: { name: "m", version: "2", positiveClass: "CTC" }, threshold: 0.3, cells: [] }),
    );
    expect(readPredictions(join(dir, "predictions.csv"))).toEqual({
      cells: [
        { id: "x.tif#0", positiveProbability: 0.75 },
        { id: "y.tif#0", positiveProbability: 0.1 },
      ],
      threshold: 0.3,
      positiveClass: "CTC",
      model: "m 2",
    });
  });

  it("works without the JSON", () => {
    writeFileSync(join(dir, "bare.csv"), "id,positive_probability\nz#3,1\n");
    expect(readPredictions(join(dir, "bare.csv"))).toEqual({
      cells: [{ id: "z#3", positiveProbability: 1 }],
      threshold: undefined,
      positiveClass: undefined,
      model: undefined,
    });
  });

  it("names the file and the problem", () => {
    writeFileSync(join(dir, "no-id.csv"), "cell,positive_probability\nz#3,1\n");
    expect(() => readPredictions(join(dir, "no-id.csv"))).toThrow(
      /no-id\.csv: id: the predictions CSV needs an? id column/,
    );
    writeFileSync(join(dir, "bad-p.csv"), "id,positive_probability\nz#3,1.5\n");
    expect(() => readPredictions(join(dir, "bad-p.csv"))).toThrow(
      /bad-p\.csv: line 2: positive_probability must be/,
    );
    expect(() => readPredictions(join(dir, "missing.csv"))).toThrow(/missing\.csv.*ENOENT/);
  });
});
