import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCells } from "../../examples/browser/src/cells";
import { createNodeClassifier } from "../../src/node/index";
import { hasChromium, launchChromium } from "../helpers/chromium";
import { buildAndServe, CSP_PROBE, classifyFiles, defaultModelPath, openApp, ROOT, sampleFiles } from "./app";
import type { StaticServer } from "./serve";

const SCREENSHOT = join(ROOT, "test-output", "browser-app.png");

/** The Node adapter's probabilities for the same files, read by the app's own reader. */
async function nodeReference(model: string, files: readonly string[]): Promise<Map<string, number[]>> {
  const classifier = await createNodeClassifier(model, { threads: 1 });
  try {
    const cells = files.flatMap((f) =>
      readCells(basename(f), new Uint8Array(readFileSync(f)), classifier.channels),
    );
    const predictions = await classifier.classify(cells.map((c) => c.stack));
    return new Map(predictions.map((p) => [cells[p.index].name, [...p.probabilities]]));
  } finally {
    await classifier.release();
  }
}

describe.skipIf(!hasChromium)("the browser example app (built, in headless Chromium)", () => {
  let browser: Browser;
  let server: StaticServer;
  let outDir: string;
  const files = sampleFiles();
  const model = defaultModelPath();

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "ctc-app-"));
    server = await buildAndServe(outDir);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("has a bundled model and sample cells to show", () => {
    expect(model).toBeDefined();
    expect(files.length).toBeGreaterThan(0);
  });

  it.each([
    ["1 thread", "1"],
    ["2 threads", "2"],
  ])(
    "classifies the sample cells with wasm (%s) under a strict CSP, equal to the Node adapter within 1e-4",
    async (_, threads) => {
      const { page, problems } = await openApp(browser, server.url, { backend: "wasm", threads });
      try {
        const isolation = await page.evaluate(() => ({
          isolated: crossOriginIsolated,
          csp:
            document.querySelector<HTMLMetaElement>("meta[http-equiv=Content-Security-Policy]")?.content ??
            "",
        }));
        // Code the page loads cannot evaluate strings: the policy really is in force.
        await page.addScriptTag({ url: CSP_PROBE });
        await page.waitForSelector("body[data-eval]");
        expect(await page.getAttribute("body", "data-eval")).toBe("blocked");
        // The probe's refusal is a reported violation; what matters from here on is the app's.
        problems.length = 0;
        expect(isolation.isolated).toBe(true);
        expect(isolation.csp).not.toContain("'unsafe-eval'");
        expect(isolation.csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
        expect(await page.textContent("#backend")).toContain(`wasm threads: ${threads}`);

        const run = await classifyFiles(page, files);
        expect(run.status).toMatch(/^Classified \d+ cells/);
        expect(run.skipped).toEqual([]);
        const reference = await nodeReference(model!, files);
        expect(run.cells.map((c) => c.name).sort()).toEqual([...reference.keys()].sort());
        for (const cell of run.cells) {
          const expected = reference.get(cell.name)!;
          const diff = Math.max(...cell.probabilities.map((p, k) => Math.abs(p - expected[k])));
          expect(diff, cell.name).toBeLessThanOrEqual(1e-4);
        }
        if (threads === "2") {
          mkdirSync(join(ROOT, "test-output"), { recursive: true });
          await page.screenshot({ path: SCREENSHOT, fullPage: true });
        }
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    },
    240_000,
  );
});
