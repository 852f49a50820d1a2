import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUDGETS } from "./budgets";
import { buildIfStale, installConsumer, type Packed, packRepo, ROOT, run } from "./pack";

/** Every entry point, with the files each must ship. */
const ENTRIES = ["index", "node", "web", "synth"];

/** Paths that must never be packed. */
const FORBIDDEN = [
  /(^|\/)node_modules\//,
  /^(src|test|bench|examples|training|scripts|docs|coverage|\.ci|\.devcarry|\.pack|test-output)\//,
  /(^|\/)fixtures?\//,
  /\.test\.[cm]?[jt]s$/,
  /\.tgz$/,
  /(^|\/)\.(git|npmrc|env)/,
];

const CONSUMER = join(import.meta.dirname, "consumer");

/** The package's runtime dependencies and theirs, as installed: what a browser bundle may contain. */
function runtimeDependencies(name: string, seen = new Set<string>()): Set<string> {
  const manifest =
    name === "@persist/ctc" ? join(ROOT, "package.json") : join(ROOT, "node_modules", name, "package.json");
  for (const dep of Object.keys(JSON.parse(readFileSync(manifest, "utf8")).dependencies ?? {})) {
    if (!seen.has(dep)) {
      seen.add(dep);
      runtimeDependencies(dep, seen);
    }
  }
  return seen;
}

/** What a browser bundle of the package may contain: the package and its runtime dependencies. */
const BROWSER_PACKAGES = ["(entry)", "@persist/ctc", ...runtimeDependencies("@persist/ctc")];

interface ConsumerResult {
  readonly exports: Record<string, string[]>;
  readonly probabilities: number[][];
}

function parseResult(stdout: string): ConsumerResult {
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as ConsumerResult;
}

function maxDiff(a: readonly number[][], b: readonly number[][]): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  a.forEach((row, i) => {
    expect(row.length).toBe(b[i].length);
    row.forEach((v, k) => {
      max = Math.max(max, Math.abs(v - b[i][k]));
    });
  });
  return max;
}

describe("the packed package", () => {
  let packed: Packed;
  let project: string;
  let esm: ConsumerResult;

  beforeAll(async () => {
    await buildIfStale();
    packed = await packRepo();
    project = await installConsumer(packed.tarball);
    for (const file of readdirSync(CONSUMER)) copyFileSync(join(CONSUMER, file), join(project, file));
  }, 180_000);

  afterAll(() => {
    if (packed !== undefined) rmSync(dirname(packed.tarball), { recursive: true, force: true });
    if (project !== undefined) rmSync(project, { recursive: true, force: true });
  });

  it("holds dist and types for every entry, the default model, sample cells and the licence", () => {
    const paths = new Set(packed.files.map((f) => f.path));
    const required = ["package.json", "README.md", "LICENSE", "CHANGELOG.md"];
    for (const entry of ENTRIES) {
      required.push(`dist/${entry}.js`, `dist/${entry}.cjs`, `dist/${entry}.d.ts`, `dist/${entry}.d.cts`);
    }
    expect(required.filter((p) => !paths.has(p))).toEqual([]);
    expect([...paths].filter((p) => /^models\/.+\.zip$/.test(p)).length).toBeGreaterThan(0);
    expect([...paths].filter((p) => p.startsWith("samples/")).length).toBeGreaterThan(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { license: string };
    expect(pkg.license).toBe("MIT");
  });

  it("holds no sources, tests, fixtures, examples or anyone's node_modules", () => {
    const bad = packed.files.map((f) => f.path).filter((p) => FORBIDDEN.some((re) => re.test(p)));
    expect(bad).toEqual([]);
  });

  it(`stays within its size budget (${BUDGETS.tarball} B packed, ${BUDGETS.unpacked} B unpacked)`, () => {
    console.info(`[package] ${packed.filename}: ${packed.size} B packed, ${packed.unpackedSize} B unpacked`);
    expect(packed.size).toBeLessThanOrEqual(BUDGETS.tarball);
    expect(packed.unpackedSize).toBeLessThanOrEqual(BUDGETS.unpacked);
  });

  it("is clean under publint --strict and @arethetypeswrong/cli", async () => {
    const publint = await run(
      join(ROOT, "node_modules", ".bin", "publint"),
      ["--strict", packed.tarball],
      ROOT,
    );
    expect(publint).toContain("All good");
    // node10 resolution predates `exports`; the package requires Node 20.
    await run(
      join(ROOT, "node_modules", ".bin", "attw"),
      [packed.tarball, "--profile", "node16", "--format", "table-flipped"],
      ROOT,
    );
  });

  it("imports as ESM and classifies the sample cells with the default model", async () => {
    esm = parseResult(await run(process.execPath, ["esm.mjs"], project));
    expect(Object.keys(esm.exports).sort()).toEqual([
      "@persist/ctc",
      "@persist/ctc/node",
      "@persist/ctc/synth",
      "@persist/ctc/web",
    ]);
    expect(esm.exports["@persist/ctc/node"]).toContain("createNodeClassifier");
    expect(esm.probabilities.length).toBeGreaterThan(0);
    for (const p of esm.probabilities) expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it("requires as CJS with the same exports and the same probabilities", async () => {
    const cjs = parseResult(await run(process.execPath, ["cjs.cjs"], project));
    expect(cjs.exports).toEqual(esm.exports);
    expect(maxDiff(cjs.probabilities, esm.probabilities)).toBeLessThanOrEqual(1e-6);
  });

  it("installs the ctc command", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const version = await run(join(project, "node_modules", ".bin", "ctc"), ["--version"], project);
    expect(version.trim()).toBe(pkg.version);
  });

  describe("bundled for the browser by esbuild", () => {
    let metafile: Metafile;
    let code: string;

    beforeAll(async () => {
      const result = await build({
        absWorkingDir: project,
        entryPoints: [join(project, "browser.mjs")],
        bundle: true,
        platform: "browser",
        format: "esm",
        target: "es2022",
        // The app's own runtime dependency; the check is about what this package pulls in.
        external: ["onnxruntime-web"],
        outfile: join(project, "out", "browser.bundle.mjs"),
        metafile: true,
        logLevel: "silent",
      });
      metafile = result.metafile;
      code = readFileSync(join(project, "out", "browser.bundle.mjs"), "utf8");
    });

    it("contains no onnxruntime-node and no Node built-ins, only the package and its dependencies", () => {
      const inputs = Object.keys(metafile.inputs);
      const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
      const imports = Object.values(metafile.inputs).flatMap((i) => i.imports.map((m) => m.path));
      expect(imports.filter((p) => builtins.has(p) || p.startsWith("node:"))).toEqual([]);
      expect(code).not.toMatch(/onnxruntime-node|["']node:[a-z_/]+["']/);
      const packages = new Set(
        inputs.map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1] ?? "(entry)"),
      );
      expect([...packages].filter((p) => !BROWSER_PACKAGES.includes(p))).toEqual([]);
      expect(packages.has("@persist/ctc")).toBe(true);
    });

    it("classifies the sample cells like the Node build (onnxruntime-web against onnxruntime-node)", async () => {
      // Node runs the browser bundle here, with onnxruntime-web; test/browser runs the app in Chromium.
      const web = parseResult(await run(process.execPath, ["run-browser-bundle.mjs"], project));
      expect(web.exports["@persist/ctc/web"]).toEqual(esm.exports["@persist/ctc/web"]);
      expect(maxDiff(web.probabilities, esm.probabilities)).toBeLessThanOrEqual(1e-4);
    });
  });

  it(`keeps the browser core within ${BUDGETS.browserCoreGzip} B gzipped`, async () => {
    const entry = join(project, "core-size.mjs");
    writeFileSync(entry, 'export * from "@persist/ctc/web";\n');
    const result = await build({
      absWorkingDir: project,
      entryPoints: [entry],
      bundle: true,
      minify: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      external: ["onnxruntime-web"],
      write: false,
      logLevel: "silent",
    });
    const bytes = result.outputFiles[0].contents;
    const gzip = gzipSync(bytes, { level: 9 }).length;
    console.info(`[package] browser core: ${bytes.length} B minified, ${gzip} B gzipped`);
    expect(gzip).toBeLessThanOrEqual(BUDGETS.browserCoreGzip);
  });
});
