// Imports every entry point as ESM and classifies the sample cells with the default model.
import * as core from "@persist/ctc";
import * as node from "@persist/ctc/node";
import * as synth from "@persist/ctc/synth";
import * as web from "@persist/ctc/web";
import { model, samples } from "./files.mjs";

const names = (m) => Object.keys(m).sort();
const classifier = await node.createNodeClassifier(model, { threads: 1 });
const cells = await Promise.all(samples.map((path) => node.readImageFile(path)));
const predictions = await classifier.classify(cells);
await classifier.release();
console.log(
  JSON.stringify({
    exports: {
      "@persist/ctc": names(core),
      "@persist/ctc/node": names(node),
      "@persist/ctc/web": names(web),
      "@persist/ctc/synth": names(synth),
    },
    probabilities: predictions.map((p) => p.probabilities),
  }),
);
