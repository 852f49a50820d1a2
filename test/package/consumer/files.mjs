// The default model and the sample cells, found where npm installed the package.
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const root = dirname(createRequire(import.meta.url).resolve("@persist/ctc/package.json"));

/** Path of the bundled default model: the first `models/*.zip`. */
export const model = join(
  root,
  "models",
  readdirSync(join(root, "models"))
    .filter((f) => f.endsWith(".zip"))
    .sort()[0],
);

/** Paths of the sample cell images. */
export const samples = readdirSync(join(root, "samples"), { recursive: true, encoding: "utf8" })
  .filter((f) => /\.(tiff?|png|npy)$/i.test(f))
  .sort()
  .map((f) => join(root, "samples", f));
