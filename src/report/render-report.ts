import { CtcError } from "../core/errors";
import { escapeHtml, jsonForScript } from "./escape";
import { REPORT_PAGE_SCRIPT } from "./page-script";
import { packReportPayload } from "./payload";
import type { ReportInput } from "./types";

const STYLE = `
:root { color-scheme: light; font: 14px/1.4 system-ui, sans-serif; --accent: #0b6e4f; }
body { margin: 0; background: #f4f5f7; color: #1d2329; }
header, section { padding: 12px 20px; }
header { background: #fff; border-bottom: 1px solid #d8dde3; }
h1 { font-size: 20px; margin: 0 0 6px; }
h2 { font-size: 16px; margin: 12px 0 6px; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dl.summary dt { color: #56606b; }
dl.summary dd { margin: 0; }
details { margin-top: 8px; }
table { border-collapse: collapse; }
td, th { padding: 2px 10px 2px 0; text-align: left; font-variant-numeric: tabular-nums; }
.controls { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid #d8dde3;
  display: flex; flex-wrap: wrap; gap: 14px; align-items: center; padding: 8px 20px; }
.controls label { display: flex; gap: 6px; align-items: center; }
#threshold { width: 220px; }
.count { font-weight: 600; }
#grid { position: relative; height: calc(100vh - 60px); overflow-y: auto; padding: 0 20px; }
#grid-layer { position: absolute; left: 20px; right: 20px; top: 0; display: flex; flex-wrap: wrap; }
.cell { box-sizing: border-box; width: 188px; margin: 4px; padding: 6px; background: #fff; border: 2px solid #d8dde3;
  border-radius: 6px; }
.cell.positive { border-color: #d9822b; }
.cell.confirmed { background: #e3f4ea; border-color: #1f9d55; }
.cell.rejected { background: #fbe6e6; border-color: #c53030; }
.cell.focus { outline: 3px solid #2b6cb0; }
canvas { image-rendering: pixelated; display: block; }
canvas.composite { width: 96px; height: 96px; margin: 0 auto 4px; }
.channels { display: flex; flex-wrap: wrap; gap: 2px; justify-content: center; }
.channels figure { margin: 0; text-align: center; font-size: 10px; color: #56606b; }
.channels canvas { width: 40px; height: 40px; }
.bar { height: 6px; background: #e6e9ed; border-radius: 3px; margin: 4px 0; }
.bar span { display: block; height: 100%; background: var(--accent); border-radius: 3px; }
.meta { font-size: 11px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.actions { display: flex; gap: 4px; margin-top: 4px; }
.actions button { flex: 1; font-size: 11px; padding: 2px; }
.actions button[aria-pressed="true"] { font-weight: 700; }
.plots { display: flex; flex-wrap: wrap; gap: 16px; }
.plots figure { margin: 0; background: #fff; padding: 8px; border: 1px solid #d8dde3; }
#load-error { color: #c53030; font-weight: 600; }
kbd { border: 1px solid #aab; border-radius: 3px; padding: 0 3px; font-size: 12px; }
`;

function definitionList(entries: Readonly<Record<string, string | number | boolean>>): string {
  const rows = Object.entries(entries)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(String(value))}</dd>`)
    .join("");
  return `<dl class="summary">${rows}</dl>`;
}

function evaluationSection(input: ReportInput): string {
  if (!input.evaluation) return "";
  const rows = input.evaluation.metrics
    .map(
      (m) =>
        `<tr><th scope="row">${escapeHtml(m.name)}</th><td>${escapeHtml(m.value)}</td><td>${escapeHtml(m.interval ?? "")}</td></tr>`,
    )
    .join("");
  // The SVGs come from this library's own plot functions, which escape every label they draw.
  const plots = input.evaluation.plots
    .map((p) => `<figure><figcaption>${escapeHtml(p.title)}</figcaption>${p.svg}</figure>`)
    .join("");
  return `<section id="evaluation"><h2>Evaluation against labels</h2>
<table><thead><tr><th>metric</th><th>value</th><th>95% interval</th></tr></thead><tbody>${rows}</tbody></table>
<div class="plots">${plots}</div></section>`;
}

/**
 * Render the review report: one self-contained HTML file (no network, no external assets) with a summary,
 * a gallery of every cell sorted by CTC probability, a live threshold slider, filters and search, review
 * decisions kept in the browser and exportable as CSV, and, with labels, the evaluation.
 *
 * @param input - cells, model, settings, timings and optional evaluation
 * @returns the HTML text
 * @throws {@link CtcError} `INVALID_ARGUMENT` for a threshold outside [0, 1]; `SHAPE_MISMATCH` when
 * thumbnails disagree
 */
export function renderReport(input: ReportInput): string {
  if (!(input.threshold >= 0 && input.threshold <= 1)) {
    throw new CtcError("INVALID_ARGUMENT", "threshold must lie in [0, 1]", {
      field: "threshold",
      expected: "0 <= threshold <= 1",
      actual: input.threshold,
    });
  }
  const payload = packReportPayload(input.cells);
  const positives = input.cells.filter((c) => c.positiveProbability >= input.threshold).length;
  const truths = [...new Set(input.cells.map((c) => c.truth).filter((t): t is string => t !== undefined))];
  const truthOptions = truths
    .map((t) => `<option value="truth:${escapeHtml(t)}">truth: ${escapeHtml(t)}</option>`)
    .join("");
  const gallery = input.cells.length > 0;
  // An evaluation-only page (no pictures) says nothing about cells it does not show.
  const counts: Record<string, number> = gallery
    ? {
        "cells processed": input.cells.length,
        [`${input.model.positiveClass} calls at threshold ${input.threshold.toFixed(3)}`]: positives,
      }
    : {};
  const summary = {
    ...counts,
    model: `${input.model.name} ${input.model.version}`,
    classes: input.model.classNames.join(", "),
    created: input.createdAt,
  };
  const timings = Object.fromEntries(Object.entries(input.timings).map(([k, v]) => [k, `${v.toFixed(2)} s`]));
  const others = input.model.classNames.filter((name) => name !== input.model.positiveClass);
  const negativeClass = others.length === 1 ? others[0] : "other";
  const galleryHtml = `<div class="controls">
<label>Threshold <input id="threshold" type="range" min="0" max="1" step="0.001" value="${input.threshold}">
<output id="threshold-value">${input.threshold.toFixed(3)}</output></label>
<span>${escapeHtml(input.model.positiveClass)} calls: <span id="ctc-count" class="count">${positives}</span></span>
<label>Show <select id="filter"><option value="all">all cells</option>
<option value="positive">called ${escapeHtml(input.model.positiveClass)}</option>
<option value="negative">called ${escapeHtml(negativeClass)}</option><option value="unreviewed">unreviewed</option>
<option value="confirmed">confirmed</option><option value="rejected">rejected</option>${truthOptions}</select></label>
<label>Search <input id="search" type="search" placeholder="file or cell id"></label>
<label><input id="heatmap-toggle" type="checkbox"${payload.heatmaps ? " checked" : " disabled"}> heat map</label>
<span>shown: <span id="shown-count" class="count">${input.cells.length}</span></span>
<span>reviewed: <span id="reviewed-count" class="count">0</span></span>
<button id="export" type="button">Export review CSV</button>
</div>
<div id="grid" tabindex="0"><div id="grid-spacer"></div><div id="grid-layer"></div></div>`;
  const data = { runId: input.runId, positiveClass: input.model.positiveClass, negativeClass, payload };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(input.title)}</h1>
${definitionList(summary)}
<details><summary>Model card</summary>${definitionList(input.model.card ?? {})}</details>
<details><summary>Run settings and timings</summary>${definitionList(input.settings)}${definitionList(timings)}</details>
${
  gallery
    ? `<p>Review with the keyboard: <kbd>←</kbd><kbd>→</kbd><kbd>↑</kbd><kbd>↓</kbd> move, <kbd>c</kbd> confirm,
<kbd>r</kbd> reject, <kbd>u</kbd> undo. Decisions stay in this browser; export them as CSV.</p>`
    : ""
}
<p id="load-error" hidden></p>
</header>
${evaluationSection(input)}
${gallery ? galleryHtml : ""}
<script id="ctc-data" type="application/json">${jsonForScript(data)}</script>
${gallery ? `<script>${REPORT_PAGE_SCRIPT}</script>` : ""}
</body>
</html>
`;
}
