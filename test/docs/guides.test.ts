import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractSamples, type Sample } from "./samples";

const ROOT = resolve(import.meta.dirname, "..", "..");
const GUIDES = join(ROOT, "docs", "guides");
/** Inside the repository (git-ignored) so that vitest's `@persist/ctc` aliases resolve for the samples. */
const WORK = join(ROOT, "test-output", "guides");

function fileOf(sample: Sample): string {
  return join(WORK, `${sample.guide.replace(/\.md$/, "")}-${sample.line}.ts`);
}

const guides = readdirSync(GUIDES)
  .filter((f) => f.endsWith(".md"))
  .sort();
const samples = guides.flatMap((g) => extractSamples(g, readFileSync(join(GUIDES, g), "utf8")));
const runnable = samples.filter((s) => !s.flags.includes("no-run"));

describe("the sample extractor", () => {
  it("finds ts blocks with their flags and skips other languages", () => {
    const md = "# T\n```ts\nconst a = 1;\n```\n\n```json\n{}\n```\n  ```ts no-run\n  b();\n  ```\n";
    expect(extractSamples("t.md", md)).toEqual([
      { guide: "t.md", line: 2, flags: [], code: "const a = 1;" },
      { guide: "t.md", line: 9, flags: ["no-run"], code: "b();" },
    ]);
  });

  it("rejects an unclosed fence", () => {
    expect(() => extractSamples("t.md", "```ts\nx\n")).toThrow("t.md:1: unclosed code fence");
  });
});

describe("guide samples", () => {
  beforeAll(() => {
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
    for (const sample of samples) {
      // `export {}` makes every sample a module, where top-level await is allowed.
      writeFileSync(
        fileOf(sample),
        `// docs/guides/${sample.guide}:${sample.line}\n${sample.code}\nexport {};\n`,
      );
    }
    // The public names resolve to the sources, as in vitest.config.ts.
    const src = (path: string) => [`../../src/${path}`];
    const tsconfig = {
      extends: "../../tsconfig.json",
      compilerOptions: {
        noEmit: true,
        paths: {
          "@persist/ctc": src("index.ts"),
          "@persist/ctc/node": src("node/index.ts"),
          "@persist/ctc/web": src("web/index.ts"),
          "@persist/ctc/synth": src("synth/index.ts"),
        },
      },
      include: ["*.ts"],
    };
    writeFileSync(join(WORK, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  });

  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it("exist, and only a few cannot run", () => {
    expect(guides.length).toBeGreaterThan(0);
    expect(runnable.length).toBeGreaterThan(0);
    // Opting out is for browser-only code; the rest of the docs must execute.
    expect(samples.length - runnable.length).toBeLessThanOrEqual(Math.max(2, Math.floor(samples.length / 5)));
  });

  it("type-check, the ones that cannot run included", async () => {
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", join(WORK, "tsconfig.json")], {
      cwd: ROOT,
    }).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe("");
  });

  it.each(runnable.map((s) => [`${s.guide}:${s.line}`, s] as const))("%s runs", async (_, sample) => {
    await import(/* @vite-ignore */ pathToFileURL(fileOf(sample)).href);
  });
});
