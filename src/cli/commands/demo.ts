import { join } from "node:path";
import type { Command } from "../command";
import { RUN_OPTIONS, runClassification } from "./classify";
import { sampleCellsPath } from "./defaults";

/** `ctc demo`: the bundled sample cells through the bundled model into a report. */
export const demoCommand: Command = {
  name: "demo",
  summary: "classify the bundled sample cells with the bundled model and write report.html",
  usage: "[options]",
  options: RUN_OPTIONS,
  examples: ["ctc demo", "ctc demo -o demo-output --tta flips"],
  async run(context) {
    const samples = sampleCellsPath();
    return runClassification(
      context,
      [samples],
      {},
      {
        out: "ctc-demo",
        report: "report.html",
        labels: join(samples, "..", "labels.csv"),
      },
    );
  },
};
