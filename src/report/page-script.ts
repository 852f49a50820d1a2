/**
 * The report page's own script, shipped inside the HTML as text. It is plain ES2020 for any current
 * browser; it decodes the payload, draws only the visible rows of the gallery (so 10,000 cells stay
 * responsive), keeps review decisions in localStorage under the run id, and exports them as CSV.
 */
export const REPORT_PAGE_SCRIPT = String.raw`
"use strict";
(async function () {
  const data = JSON.parse(document.getElementById("ctc-data").textContent);
  const P = data.payload;
  const S = P.size, C = P.channels.length, plane = S * S;
  const stride = plane * (3 + C + (P.heatmaps ? 1 : 0));
  const bin = Uint8Array.from(atob(P.pixels), (ch) => ch.charCodeAt(0));
  const pixels = new Uint8Array(
    await new Response(new Blob([bin]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer(),
  );
  const cells = P.rows.map((r, i) => ({ i, id: r[0], source: r[1], index: r[2], p: r[3], probs: r[4], truth: r[5] }));
  cells.sort((a, b) => b.p - a.p || a.i - b.i);
  const storeKey = "ctc-review:" + data.runId;
  let decisions = {};
  try { decisions = JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { decisions = {}; }
  const $ = (id) => document.getElementById(id);
  const slider = $("threshold"), thresholdOut = $("threshold-value"), filter = $("filter"), search = $("search");
  const grid = $("grid"), spacer = $("grid-spacer"), ctcCount = $("ctc-count"), shown = $("shown-count");
  const heatToggle = $("heatmap-toggle");
  let threshold = Number(slider.value);
  let visible = cells;
  let focus = 0;
  const CARD_W = 196, CARD_H = 150 + Math.ceil(C / 4) * 44;

  function call(cell) { return cell.p >= threshold ? data.positiveClass : data.negativeClass; }
  function save() { localStorage.setItem(storeKey, JSON.stringify(decisions)); }
  function applyFilters() {
    const q = search.value.trim().toLowerCase();
    const f = filter.value;
    visible = cells.filter((c) => {
      if (q && !(c.id.toLowerCase().includes(q) || c.source.toLowerCase().includes(q))) return false;
      const d = decisions[c.id];
      switch (f) {
        case "positive": return c.p >= threshold;
        case "negative": return c.p < threshold;
        case "confirmed": return d === "confirmed";
        case "rejected": return d === "rejected";
        case "unreviewed": return d === undefined;
        default: return f.startsWith("truth:") ? c.truth === f.slice(6) : true;
      }
    });
    focus = Math.min(focus, Math.max(0, visible.length - 1));
    ctcCount.textContent = String(cells.reduce((n, c) => n + (c.p >= threshold ? 1 : 0), 0));
    shown.textContent = String(visible.length);
    render(true);
  }
  function paint(canvas, offset, kind) {
    const ctx = canvas.getContext("2d");
    const img = ctx.createImageData(S, S);
    const d = img.data;
    for (let k = 0; k < plane; k++) {
      let r, g, b;
      if (kind === "rgb") { r = pixels[offset + 3 * k]; g = pixels[offset + 3 * k + 1]; b = pixels[offset + 3 * k + 2]; }
      else { r = g = b = pixels[offset + k]; }
      d[4 * k] = r; d[4 * k + 1] = g; d[4 * k + 2] = b; d[4 * k + 3] = 255;
    }
    if (kind === "rgb" && P.heatmaps && heatToggle.checked) {
      const h = offset + (3 + C) * plane;
      for (let k = 0; k < plane; k++) {
        const a = pixels[h + k] / 255;
        d[4 * k] = Math.round(d[4 * k] * (1 - a) + 255 * a);
        d[4 * k + 1] = Math.round(d[4 * k + 1] * (1 - a * 0.6));
        d[4 * k + 2] = Math.round(d[4 * k + 2] * (1 - a));
      }
    }
    ctx.putImageData(img, 0, 0);
  }
  function card(cell, position) {
    const el = document.createElement("div");
    const decision = decisions[cell.id];
    el.className = "cell" + (position === focus ? " focus" : "") + (decision ? " " + decision : "") +
      (cell.p >= threshold ? " positive" : "");
    el.dataset.id = cell.id;
    el.dataset.position = String(position);
    const base = cell.i * stride;
    const main = document.createElement("canvas");
    main.width = S; main.height = S; main.className = "composite";
    paint(main, base, "rgb");
    el.appendChild(main);
    const strip = document.createElement("div");
    strip.className = "channels";
    P.channels.forEach((name, k) => {
      const wrap = document.createElement("figure");
      const cv = document.createElement("canvas");
      cv.width = S; cv.height = S;
      paint(cv, base + (3 + k) * plane, "gray");
      const cap = document.createElement("figcaption");
      cap.textContent = name;
      wrap.appendChild(cv); wrap.appendChild(cap); strip.appendChild(wrap);
    });
    el.appendChild(strip);
    const bar = document.createElement("div");
    bar.className = "bar";
    const fill = document.createElement("span");
    fill.style.width = (cell.p * 100).toFixed(1) + "%";
    bar.appendChild(fill);
    el.appendChild(bar);
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = "p=" + cell.p.toFixed(3) + " · " + call(cell) + (cell.truth !== null ? " · truth " + cell.truth : "");
    meta.title = cell.source + " #" + cell.index;
    el.appendChild(meta);
    const actions = document.createElement("div");
    actions.className = "actions";
    [["confirmed", "Confirm (c)"], ["rejected", "Reject (r)"]].forEach(([value, text]) => {
      const b = document.createElement("button");
      b.type = "button"; b.textContent = text; b.dataset.decision = value;
      b.setAttribute("aria-pressed", String(decision === value));
      actions.appendChild(b);
    });
    el.appendChild(actions);
    return el;
  }
  let lastRange = "";
  function render(force) {
    const cols = Math.max(1, Math.floor(grid.clientWidth / CARD_W));
    const rows = Math.ceil(visible.length / cols);
    spacer.style.height = rows * CARD_H + "px";
    const top = grid.scrollTop;
    const first = Math.max(0, Math.floor(top / CARD_H) - 2);
    const last = Math.min(rows, Math.ceil((top + grid.clientHeight) / CARD_H) + 2);
    const range = first + ":" + last + ":" + cols;
    if (!force && range === lastRange) return;
    lastRange = range;
    const layer = $("grid-layer");
    layer.replaceChildren();
    layer.style.transform = "translateY(" + first * CARD_H + "px)";
    for (let r = first; r < last; r++) {
      for (let c = 0; c < cols; c++) {
        const position = r * cols + c;
        if (position >= visible.length) break;
        layer.appendChild(card(visible[position], position));
      }
    }
  }
  function decide(position, value) {
    const cell = visible[position];
    if (!cell) return;
    if (value === null || decisions[cell.id] === value) delete decisions[cell.id];
    else decisions[cell.id] = value;
    save();
    $("reviewed-count").textContent = String(Object.keys(decisions).length);
    render(true);
  }
  function moveFocus(delta) {
    focus = Math.max(0, Math.min(visible.length - 1, focus + delta));
    const cols = Math.max(1, Math.floor(grid.clientWidth / CARD_W));
    const y = Math.floor(focus / cols) * CARD_H;
    if (y < grid.scrollTop || y + CARD_H > grid.scrollTop + grid.clientHeight) grid.scrollTop = y - CARD_H;
    render(true);
  }
  function exportCsv() {
    const quote = (s) => '"' + String(s).replace(/"/g, '""') + '"';
    const lines = ["id,source,index,probability,call,decision"];
    cells.slice().sort((a, b) => a.i - b.i).forEach((c) => {
      lines.push([quote(c.id), quote(c.source), c.index, c.p, quote(call(c)), quote(decisions[c.id] || "")].join(","));
    });
    const url = URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url; a.download = "review-" + data.runId + ".csv";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  slider.addEventListener("input", () => {
    threshold = Number(slider.value);
    thresholdOut.textContent = threshold.toFixed(3);
    applyFilters();
  });
  filter.addEventListener("change", applyFilters);
  search.addEventListener("input", applyFilters);
  heatToggle.addEventListener("change", () => render(true));
  grid.addEventListener("scroll", () => render(false), { passive: true });
  window.addEventListener("resize", () => render(true));
  grid.addEventListener("click", (event) => {
    const target = event.target.closest("[data-position]");
    if (!target) return;
    focus = Number(target.dataset.position);
    const button = event.target.closest("button[data-decision]");
    if (button) decide(focus, button.dataset.decision);
    else render(true);
  });
  $("export").addEventListener("click", exportCsv);
  document.addEventListener("keydown", (event) => {
    if (event.target === search) return;
    const cols = Math.max(1, Math.floor(grid.clientWidth / CARD_W));
    const keys = {
      ArrowRight: () => moveFocus(1), ArrowLeft: () => moveFocus(-1), j: () => moveFocus(1), k: () => moveFocus(-1),
      ArrowDown: () => moveFocus(cols), ArrowUp: () => moveFocus(-cols),
      c: () => decide(focus, "confirmed"), y: () => decide(focus, "confirmed"),
      r: () => decide(focus, "rejected"), n: () => decide(focus, "rejected"), u: () => decide(focus, null),
    };
    const action = keys[event.key];
    if (action) { event.preventDefault(); action(); }
  });
  $("reviewed-count").textContent = String(Object.keys(decisions).length);
  thresholdOut.textContent = threshold.toFixed(3);
  document.body.dataset.ready = "true";
  applyFilters();
})().catch((error) => {
  document.body.dataset.ready = "error";
  const box = document.getElementById("load-error");
  box.hidden = false;
  box.textContent = "This report could not be decoded: " + error;
});
`;
