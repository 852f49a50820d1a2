/**
 * Small SVG helpers shared by the plots: strings only, no DOM, so the plots work in Node, browsers and
 * workers alike.
 */

/**
 * Escape text for SVG/XML content and attribute values. Labels and titles come from users and data
 * (class names, file names), so they must never be able to open a tag or close an attribute.
 *
 * @param text - any text
 * @returns the text with &, <, >, " and ' replaced by entities
 */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * A coordinate or short number, rounded to keep files small.
 *
 * @param value - a number
 * @param digits - decimals, default 2
 * @returns the shortest decimal text at that precision
 */
export function num(value: number, digits = 2): string {
  return String(Number(value.toFixed(digits)));
}

/** A square plot of [0, 1] x [0, 1] with axes, grid, tick labels and axis titles. */
export interface UnitPlot {
  /** Horizontal pixel position of a data value. */
  readonly x: (value: number) => number;
  /** Vertical pixel position of a data value (0 at the bottom). */
  readonly y: (value: number) => number;
  /** The opening `<svg>` with title, grid and axes; append marks, then `"</svg>"`. */
  readonly head: string;
}

const SIZE = 440;
const LEFT = 64;
const TOP = 44;
const PLOT = 340;

/**
 * Frame of a [0, 1] x [0, 1] plot.
 *
 * @param title - chart title
 * @param xLabel - horizontal axis title
 * @param yLabel - vertical axis title
 * @returns scales and the SVG head
 */
export function unitPlot(title: string, xLabel: string, yLabel: string): UnitPlot {
  const x = (v: number) => LEFT + v * PLOT;
  const y = (v: number) => TOP + (1 - v) * PLOT;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${SIZE}" height="${SIZE}" fill="white"/>`,
    `<text x="${SIZE / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = i / 5;
    parts.push(
      `<line x1="${num(x(v))}" y1="${TOP}" x2="${num(x(v))}" y2="${TOP + PLOT}" stroke="#e5e5e5"/>`,
      `<line x1="${LEFT}" y1="${num(y(v))}" x2="${LEFT + PLOT}" y2="${num(y(v))}" stroke="#e5e5e5"/>`,
      `<text x="${num(x(v))}" y="${TOP + PLOT + 16}" text-anchor="middle">${num(v, 1)}</text>`,
      `<text x="${LEFT - 6}" y="${num(y(v) + 4)}" text-anchor="end">${num(v, 1)}</text>`,
    );
  }
  parts.push(
    `<rect x="${LEFT}" y="${TOP}" width="${PLOT}" height="${PLOT}" fill="none" stroke="#333"/>`,
    `<text x="${LEFT + PLOT / 2}" y="${TOP + PLOT + 36}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(18 ${TOP + PLOT / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  );
  return { x, y, head: parts.join("\n") };
}

/**
 * A polyline through the finite points.
 *
 * @param plot - the frame
 * @param xs - data abscissae
 * @param ys - data ordinates
 * @param style - stroke attributes, e.g. `stroke="#1f77b4" stroke-width="2"`
 * @returns the `<polyline>` element, or "" when no point is finite
 */
export function line(plot: UnitPlot, xs: ArrayLike<number>, ys: ArrayLike<number>, style: string): string {
  const points: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i]) && Number.isFinite(ys[i]))
      points.push(`${num(plot.x(xs[i]))},${num(plot.y(ys[i]))}`);
  }
  return points.length === 0 ? "" : `<polyline points="${points.join(" ")}" fill="none" ${style}/>`;
}

/**
 * A marked point with a label beside it (the chosen threshold).
 *
 * @param plot - the frame
 * @param x - data abscissa
 * @param y - data ordinate
 * @param label - text, escaped here
 * @returns the marker and its label
 */
export function marker(plot: UnitPlot, x: number, y: number, label: string): string {
  const px = plot.x(x);
  const py = plot.y(y);
  // Keep the label inside the plot: put it left of the point when the point is in the right half.
  const right = x < 0.6;
  return [
    `<circle cx="${num(px)}" cy="${num(py)}" r="5" fill="#d62728" stroke="white" stroke-width="1.5"/>`,
    `<text x="${num(px + (right ? 9 : -9))}" y="${num(py + (y > 0.5 ? 16 : -8))}" text-anchor="${right ? "start" : "end"}" fill="#d62728">${escapeXml(label)}</text>`,
  ].join("\n");
}

/**
 * A legend line in the lower right of the plot area.
 *
 * @param plot - the frame
 * @param row - 0 for the lowest line, 1 above it, ...
 * @param text - text, escaped here
 * @returns the `<text>` element
 */
export function note(plot: UnitPlot, row: number, text: string): string {
  return `<text x="${num(plot.x(1) - 8)}" y="${num(plot.y(0) - 10 - row * 16)}" text-anchor="end">${escapeXml(text)}</text>`;
}
