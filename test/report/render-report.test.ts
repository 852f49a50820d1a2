import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../../src/report/render-report";
import type { ReportInput } from "../../src/report/types";
import { hasChromium, launchChromium } from "../helpers/chromium";
import { fakeCells } from "./fake-cells";

function reportInput(count: number, overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    title: "Test <report>",
    runId: `run-${count}`,
    createdAt: "2026-11-22T00:00:00Z",
    model: { name: "tiny", version: "1.0.0", classNames: ["non-CTC", "CTC"], positiveClass: "CTC" },
    threshold: 0.5,
    settings: { tta: false },
    timings: { inference: 1.5 },
    cells: fakeCells(count, { heatmap: true }),
    ...overrides,
  };
}

describe("renderReport (static checks)", () => {
  it("is one self-contained file: no external scripts, styles or images", () => {
    const input = reportInput(10);
    const html = renderReport(input);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain("Test &lt;report&gt;");
    const positives = input.cells.filter((c) => c.positiveProbability >= 0.5).length;
    expect(html).toContain(`id="ctc-count" class="count">${positives}<`);
  });

  it("renders an evaluation-only page without a gallery or cell counts", () => {
    const html = renderReport(reportInput(0));
    expect(html).not.toContain('id="grid"');
    expect(html).not.toContain("cells processed");
    expect(html).not.toContain("Review with the keyboard");
    expect(html).toContain("tiny 1.0.0");
  });

  it("rejects a threshold outside [0, 1]", () => {
    expect(() => renderReport(reportInput(1, { threshold: 1.5 }))).toThrow(/threshold/);
  });
});

describe.skipIf(!hasChromium)("renderReport in headless Chromium", () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), "ctc-report-"));
  const outDir = join(process.cwd(), "test-output");

  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(outDir, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(input: ReportInput, name: string) {
    const file = join(dir, name);
    writeFileSync(file, renderReport(input));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("body[data-ready]");
    return { page, context, errors, url: pathToFileURL(file).href };
  }

  it("loads without errors, counts cells, and the slider changes the CTC count", async () => {
    const input = reportInput(40);
    const { page, context, errors } = await open(input, "small.html");
    expect(await page.getAttribute("body", "data-ready")).toBe("true");
    expect(await page.textContent("#shown-count")).toBe("40");
    expect(await page.locator(".cell").count()).toBe(40);
    const expectedAt = (t: number) => input.cells.filter((c) => c.positiveProbability >= t).length;
    expect(Number(await page.textContent("#ctc-count"))).toBe(expectedAt(0.5));
    await page.locator("#threshold").fill("0.9");
    expect(Number(await page.textContent("#ctc-count"))).toBe(expectedAt(0.9));
    expect(expectedAt(0.9)).not.toBe(expectedAt(0.5));
    // Cards are sorted by probability, highest first.
    const first = await page.locator(".cell .meta").first().textContent();
    expect(first).toContain(`p=${Math.max(...input.cells.map((c) => c.positiveProbability)).toFixed(3)}`);
    await page.screenshot({ path: join(outDir, "report.png") });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps a review decision across a reload and exports it", async () => {
    const { page, context, errors } = await open(reportInput(12), "review.html");
    await page.locator(".cell").first().click();
    await page.keyboard.press("c");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("r");
    expect(await page.textContent("#reviewed-count")).toBe("2");
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    expect(await page.textContent("#reviewed-count")).toBe("2");
    expect(await page.locator(".cell.confirmed").count()).toBe(1);
    expect(await page.locator(".cell.rejected").count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
    const csv = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
    expect(csv.split("\n")[0]).toBe("id,source,index,probability,call,decision");
    expect(csv.match(/"confirmed"/g)?.length).toBe(1);
    expect(csv.match(/"rejected"/g)?.length).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("stays responsive with 10,000 cells by drawing only the visible rows", async () => {
    const { page, context, errors } = await open(reportInput(10_000), "large.html");
    expect(await page.textContent("#shown-count")).toBe("10000");
    const drawn = await page.locator(".cell").count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(300);
    await page.locator("#grid").evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2;
    });
    await page.waitForTimeout(50);
    const middle = await page.locator(".cell").first().getAttribute("data-position");
    expect(Number(middle)).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    await context.close();
  });
});
