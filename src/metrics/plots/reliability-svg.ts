import type { Reliability } from "../calibration";
import { escapeXml, line, note, num, unitPlot } from "./svg";

/** Options of {@link reliabilitySvg}. */
export interface ReliabilitySvgOptions {
  /** Chart title. Default "Reliability diagram". */
  readonly title?: string;
  /** Expected calibration error, printed in the legend. */
  readonly ece?: number;
}

/**
 * Reliability diagram as a standalone SVG string: observed fraction of positives against mean predicted
 * probability per bin, the diagonal of perfect calibration, and a bar per bin whose height shows its
 * share of the samples.
 *
 * @param reliability - from `reliabilityBins`
 * @param options - title, ECE
 * @returns SVG markup
 */
export function reliabilitySvg(reliability: Reliability, options: ReliabilitySvgOptions = {}): string {
  const plot = unitPlot(
    options.title ?? "Reliability diagram",
    "Mean predicted probability",
    "Fraction of positives",
  );
  const total = reliability.bins.reduce((s, bin) => s + bin.count, 0);
  const parts = [plot.head];
  for (const bin of reliability.bins) {
    if (bin.count === 0) continue;
    // Sample share as a low bar along the bottom: sparse bins are visibly less trustworthy.
    const share = bin.count / total;
    const x0 = plot.x(bin.lower);
    const x1 = plot.x(bin.upper);
    const h = share * (plot.y(0) - plot.y(0.25));
    parts.push(
      `<rect x="${num(x0 + 1)}" y="${num(plot.y(0) - h)}" width="${num(Math.max(x1 - x0 - 2, 1))}" height="${num(h)}" fill="#c7d7ea"><title>${escapeXml(`${bin.count} samples`)}</title></rect>`,
    );
  }
  parts.push(
    line(plot, [0, 1], [0, 1], 'stroke="#999" stroke-dasharray="4 4"'),
    line(plot, reliability.probPred, reliability.probTrue, 'stroke="#ff7f0e" stroke-width="2"'),
  );
  for (let i = 0; i < reliability.probPred.length; i++) {
    parts.push(
      `<circle cx="${num(plot.x(reliability.probPred[i]))}" cy="${num(plot.y(reliability.probTrue[i]))}" r="3.5" fill="#ff7f0e"/>`,
    );
  }
  if (options.ece !== undefined) parts.push(note(plot, 0, `ECE = ${num(options.ece, 3)}`));
  parts.push("</svg>");
  return parts.filter((part) => part !== "").join("\n");
}
