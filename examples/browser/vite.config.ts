import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultClientConditions, defineConfig, type Plugin } from "vite";
import { CSP, ISOLATION_HEADERS } from "./csp";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = resolve(here, "..", "..");
const source = (path: string) => join(repo, "src", path);

/** ONNX Runtime Web's threaded SIMD wasm with WebGPU (JSEP), and its loader. */
const ORT_FILES = ["ort-wasm-simd-threaded.jsep.mjs", "ort-wasm-simd-threaded.jsep.wasm"];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

/**
 * The files the app serves itself, by URL path: ONNX Runtime's wasm (so it works offline, no CDN), the
 * bundled default model and the sample cells from the repository.
 */
function appFiles(): Map<string, string> {
  const ortDist = join(repo, "node_modules", "onnxruntime-web", "dist");
  const files = new Map(ORT_FILES.map((name) => [`ort/${name}`, join(ortDist, name)]));
  // Bundled models only (not training runs that may sit in subfolders), and every sample file.
  const modelDir = join(repo, "models");
  const models = existsSync(modelDir)
    ? readdirSync(modelDir)
        .filter((name) => name.endsWith(".zip"))
        .map((name) => join(modelDir, name))
    : [];
  for (const path of [...models, ...listFiles(join(repo, "samples"))]) {
    files.set(relative(repo, path).split(sep).join("/"), path);
  }
  return files;
}

const TYPES: Readonly<Record<string, string>> = {
  mjs: "text/javascript",
  wasm: "application/wasm",
  json: "application/json",
  zip: "application/zip",
};

const VIRTUAL = "virtual:ctc-app-files";

/**
 * Serve {@link appFiles} in development and copy them into the build; `virtual:ctc-app-files` tells the
 * page which model is the default and which files are sample cells.
 */
function serveAppFiles(): Plugin {
  const files = appFiles();
  const paths = [...files.keys()].sort();
  const defaultModel = paths.find((p) => /^models\/[^/]+\.zip$/.test(p));
  const samples = paths.filter((p) => /^samples\/.+\.(tiff?|png|npy|npz)$/i.test(p));
  return {
    name: "ctc-app-files",
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : undefined),
    load: (id) =>
      id === `\0${VIRTUAL}`
        ? `export const defaultModel = ${JSON.stringify(defaultModel)};\nexport const samples = ${JSON.stringify(samples)};\n`
        : undefined,
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = files.get(decodeURIComponent((req.url ?? "").split("?")[0].replace(/^\//, "")));
        if (path === undefined) return next();
        // ONNX Runtime starts its wasm threads as workers from these files: they need the isolation too.
        for (const [key, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(key, value);
        res.setHeader("Content-Type", TYPES[path.split(".").pop() ?? ""] ?? "application/octet-stream");
        res.end(readFileSync(path));
      });
    },
    generateBundle() {
      for (const [fileName, path] of files) {
        this.emitFile({ type: "asset", fileName, source: readFileSync(path) });
      }
      // Netlify / Cloudflare Pages header rules, so the static site is isolated (wasm threads) too.
      const headers = Object.entries({ ...ISOLATION_HEADERS, "Content-Security-Policy": CSP });
      const source = `/*\n${headers.map(([k, v]) => `  ${k}: ${v}\n`).join("")}`;
      this.emitFile({ type: "asset", fileName: "_headers", source });
    },
  };
}

/** The built page carries its CSP itself, so any static host enforces it (the dev server injects inline code). */
function contentSecurityPolicy(): Plugin {
  return {
    name: "ctc-csp",
    apply: "build",
    transformIndexHtml: () => [
      {
        tag: "meta",
        attrs: { "http-equiv": "Content-Security-Policy", content: CSP },
        injectTo: "head-prepend",
      },
    ],
  };
}

export default defineConfig({
  root: here,
  base: "./",
  resolve: {
    alias: [
      { find: /^@persist\/ctc\/web$/, replacement: source("web/index.ts") },
      { find: /^@persist\/ctc$/, replacement: source("index.ts") },
    ],
    // onnxruntime-web's build without the embedded loader: the app serves the loader and the wasm itself.
    conditions: ["onnxruntime-web-use-extern-wasm", ...defaultClientConditions],
  },
  optimizeDeps: { exclude: ["onnxruntime-web"] },
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1024,
  },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: { ...ISOLATION_HEADERS, "Content-Security-Policy": CSP } },
  plugins: [serveAppFiles(), contentSecurityPolicy()],
});
