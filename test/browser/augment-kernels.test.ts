import { join } from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TRAINING_PIPELINE } from "../../src/augment/defaults";
import { augment, parseAugmentPipeline } from "../../src/augment/pipeline";
import { hasChromium, launchChromium } from "../helpers/chromium";
import { PROBE_SAMPLES, probeCell } from "./augment-cell";
import { type StaticServer, serveStatic } from "./serve";

interface Probe {
  readonly wasm: boolean;
  readonly auto: number[][];
  readonly js: number[][];
}

const PAGE = '<!doctype html><meta charset="utf-8"><script src="/probe.js"></script>';
/** A strict policy that lets WebAssembly compile, and the same policy without it: [name, policy, compiles]. */
const POLICIES: readonly (readonly [string, string, boolean])[] = [
  ["with 'wasm-unsafe-eval'", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'", true],
  ["without it", "default-src 'self'; script-src 'self'", false],
];

/** Node's values for the probe's samples, from the JavaScript kernels. */
function nodeValues(): number[][] {
  const pipeline = parseAugmentPipeline(DEFAULT_TRAINING_PIPELINE);
  const cell = probeCell();
  return Array.from({ length: PROBE_SAMPLES }, (_, index) =>
    Array.from(augment(cell, pipeline, { seed: 4, index, kernels: "js" }).stack.data),
  );
}

/** Same values, NaN included and -0 apart from +0. */
function identical(a: readonly number[][], b: readonly number[][]): boolean {
  return (
    a.length === b.length &&
    a.every((row, i) => row.length === b[i].length && row.every((v, j) => Object.is(v, b[i][j])))
  );
}

describe.skipIf(!hasChromium)("augmentation kernels in headless Chromium", () => {
  let browser: Browser;
  let script: string;
  const servers: StaticServer[] = [];

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [join(import.meta.dirname, "augment-probe.ts")],
      bundle: true,
      format: "iife",
      write: false,
      target: "es2022",
    });
    script = bundle.outputFiles[0].text;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it.each(POLICIES)(
    "give Node's values under a Content-Security-Policy %s",
    async (_, policy, compiles) => {
      const server = await serveStatic(
        join(import.meta.dirname, "no-such-folder"),
        { "Content-Security-Policy": policy },
        {
          "/": PAGE,
          "/index.html": PAGE,
          "/probe.js": script,
        },
      );
      servers.push(server);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(new URL("index.html", server.url).href);
      await page.waitForSelector("html[data-state=done]", { timeout: 30_000 });
      const probe = (await page.evaluate(() => (globalThis as { probe?: unknown }).probe)) as Probe;
      await page.close();
      expect(errors).toEqual([]);
      // Compiled where the policy allows WebAssembly, refused (and JavaScript used) where it does not.
      expect(probe.wasm).toBe(compiles);
      const node = nodeValues();
      expect(identical(probe.auto, node)).toBe(true);
      expect(identical(probe.js, node)).toBe(true);
    },
    60_000,
  );
});
