import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { CSP, ISOLATION_HEADERS } from "../../examples/browser/csp";
import { type StaticServer, serveStatic } from "./serve";

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, "..", "..");
const APP = join(ROOT, "examples", "browser");

/** The repository's sample cell files (what a user would drop on the page). */
export function sampleFiles(): string[] {
  const dir = join(ROOT, "samples");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(tiff?|png|npy|npz)$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The bundled default model, as the app picks it: the first `models/*.zip`. */
export function defaultModelPath(): string | undefined {
  const dir = join(ROOT, "models");
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir)
    .filter((f) => f.endsWith(".zip"))
    .sort()[0];
  return name === undefined ? undefined : join(dir, name);
}

/**
 * Build the example app into a folder and serve it with the headers a configured static host sends:
 * cross-origin isolation and the strict CSP.
 *
 * @param outDir - build folder
 * @returns the server
 */
export async function buildAndServe(outDir: string): Promise<StaticServer> {
  await build({
    configFile: join(APP, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true },
  });
  return serveStatic(
    outDir,
    { ...ISOLATION_HEADERS, "Content-Security-Policy": CSP },
    { [CSP_PROBE]: PROBE },
  );
}

/** A same-origin script (allowed by the CSP) that records whether it may evaluate strings as code. */
export const CSP_PROBE = "/csp-probe.js";
const PROBE = `try { new Function("return 1")(); document.body.dataset.eval = "allowed"; }
catch { document.body.dataset.eval = "blocked"; }`;

/** What a page run reports. */
export interface PageRun {
  readonly page: Page;
  /** Console errors, failed requests and CSP violations seen by the page. */
  readonly problems: string[];
}

/**
 * Open the app with pinned settings and wait until the default model is loaded.
 *
 * @param browser - a launched browser
 * @param url - the app's URL
 * @param query - e.g. `{ backend: "wasm", threads: "2" }`
 * @returns the page and a live list of problems
 */
export async function openApp(
  browser: Browser,
  url: string,
  query: Record<string, string>,
): Promise<PageRun> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(`${url}?${new URLSearchParams(query)}`);
  await page.waitForSelector("body[data-state=ready], body[data-state=error]", { timeout: 60_000 });
  return { page, problems };
}

/** A gallery entry as the page shows it. */
export interface GalleryCell {
  readonly name: string;
  readonly label: string;
  readonly probabilities: number[];
}

/**
 * Drop files on the page's file input and wait for the classification to finish.
 *
 * @param page - an open app
 * @param files - paths of cell files
 * @returns the gallery, the page's own timing, and any files it skipped
 */
export async function classifyFiles(
  page: Page,
  files: readonly string[],
): Promise<{ cells: GalleryCell[]; milliseconds: number; skipped: string[]; status: string }> {
  await page.evaluate(() => {
    document.body.dataset.state = "submitted";
  });
  await page.setInputFiles("#cells-input", [...files]);
  await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 300_000 });
  return page.evaluate(() => ({
    cells: [...document.querySelectorAll<HTMLLIElement>("#gallery li")].map((li) => ({
      name: li.dataset.name ?? "",
      label: li.dataset.label ?? "",
      probabilities: JSON.parse(li.dataset.probabilities ?? "[]") as number[],
    })),
    milliseconds: Number(document.body.dataset.milliseconds),
    skipped: [...document.querySelectorAll("#skipped li")].map((li) => li.textContent ?? ""),
    status: document.getElementById("status")?.textContent ?? "",
  }));
}
