import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder holding this package's `package.json`, found by walking up from this module, so the CLI
 * finds the bundled model and sample cells both from `dist/` (installed) and from `src/` (development).
 *
 * @param from - where to start; default this module's folder
 * @returns the package root
 */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "@persist/ctc")
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the @persist/ctc package root above ${from}`);
    dir = parent;
  }
}

/**
 * The package version from `package.json`.
 *
 * @param root - package root
 * @returns the version string
 */
export function packageVersion(root: string = packageRoot()): string {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
}
