import { defineConfig } from "tsup";

// The runtimes are injected by the adapters and never bundled.
const external = ["onnxruntime-node", "onnxruntime-web", "onnxruntime-common"];

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      node: "src/node/index.ts",
      web: "src/web/index.ts",
      synth: "src/synth/index.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: false,
    target: "es2022",
    splitting: true,
    treeshake: true,
    external,
  },
  {
    // The command line is ESM only: it finds the bundled model through import.meta.url. It ships without
    // a source map: the bundle is not minified, so its stack traces read as they are, and the map
    // (1.4 MB, the library a second time) was the largest file in the package.
    entry: { cli: "src/cli/bin.ts" },
    format: ["esm"],
    sourcemap: false,
    target: "node20",
    platform: "node",
    external,
  },
]);
