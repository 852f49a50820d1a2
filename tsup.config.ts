import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    node: "src/node/index.ts",
    web: "src/web/index.ts",
    synth: "src/synth/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  splitting: true,
  treeshake: true,
  // The runtimes are injected by the adapters and never bundled.
  external: ["onnxruntime-node", "onnxruntime-web", "onnxruntime-common"],
});
