import { resolve } from "node:path";
import { loadBundleFile } from "../../node/runtime";
import type { Command } from "../command";
import { EXIT } from "../exit-codes";
import { defaultModelPath } from "./defaults";

/** `ctc model info`: print a bundle's card. */
export const modelInfoCommand: Command = {
  name: "model info",
  summary: "print a model bundle's card: classes, channels, preprocessing, figures, provenance",
  usage: "[BUNDLE] [options]",
  options: { json: { type: "boolean", description: "print the whole model.json" } },
  examples: ["ctc model info", "ctc model info my-model.zip --json"],
  async run({ positionals, options, stdout, cwd }) {
    const path = positionals[0] === undefined ? defaultModelPath() : resolve(cwd, positionals[0]);
    const { card } = await loadBundleFile(path);
    if (options.json === true) {
      stdout.write(`${JSON.stringify(card, null, 2)}\n`);
      return EXIT.ok;
    }
    const metrics = Object.entries(card.evaluation?.metrics ?? {}).map(
      ([name, m]) =>
        `  ${name}: ${m.mean.toFixed(3)} ± ${m.std.toFixed(3)} (${card.evaluation?.folds} folds)`,
    );
    const lines = [
      `${card.name} ${card.version}`,
      card.description ?? "",
      `classes: ${card.classes.join(", ")} (positive: ${card.positiveClass})`,
      `input: ${card.input.channels.join(", ")} at ${card.input.height} x ${card.input.width}`,
      `preprocessing: ${card.preprocess.steps.map((s) => s.op).join(" -> ")}`,
      `threshold: ${card.threshold}`,
      `default TTA views: ${card.tta.views.join(",")}`,
      `data: ${card.provenance.data}`,
      `trained: ${card.provenance.date} (code ${card.provenance.code})`,
      ...(metrics.length > 0 ? ["cross-validation:", ...metrics] : []),
    ];
    stdout.write(`${lines.filter((l) => l !== "").join("\n")}\n`);
    return EXIT.ok;
  },
};
