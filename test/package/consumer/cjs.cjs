// Requires every entry point as CommonJS and classifies the sample cells with the default model.
const { readdirSync } = require("node:fs");
const { dirname, join } = require("node:path");
const core = require("@persist/ctc");
const node = require("@persist/ctc/node");
const synth = require("@persist/ctc/synth");
const web = require("@persist/ctc/web");

const root = dirname(require.resolve("@persist/ctc/package.json"));
const model = join(
  root,
  "models",
  readdirSync(join(root, "models"))
    .filter((f) => f.endsWith(".zip"))
    .sort()[0],
);
const samples = readdirSync(join(root, "samples"), { recursive: true, encoding: "utf8" })
  .filter((f) => /\.(tiff?|png|npy)$/i.test(f))
  .sort()
  .map((f) => join(root, "samples", f));

const names = (m) => Object.keys(m).sort();

async function main() {
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
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
