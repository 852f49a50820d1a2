import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Guides and examples import the package by its public name; tests resolve it to the sources.
    alias: [
      { find: /^@persist\/ctc\/node$/, replacement: src("node/index.ts") },
      { find: /^@persist\/ctc\/web$/, replacement: src("web/index.ts") },
      { find: /^@persist\/ctc\/synth$/, replacement: src("synth/index.ts") },
      { find: /^@persist\/ctc$/, replacement: src("index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The JSON report lets CI print a one-line "N passed, N failed" summary.
    reporters: ["default", "json"],
    outputFile: { json: "test-output/vitest-results.json" },
  },
});
