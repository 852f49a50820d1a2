import type { ConfusionMatrix } from "../confusion";
import { escapeXml, num } from "./svg";

/** Options of {@link confusionSvg}. */
export interface ConfusionSvgOptions {
  /** Chart title. Default "Confusion matrix". */
  readonly title?: string;
}

const CELL = 64;
const LEFT = 120;
const TOP = 70;

/**
 * Confusion matrix as a standalone SVG string: true classes in rows, predicted in columns, each cell
 * with its count and its share of the row (the per-class recall on the diagonal), shaded by that share.
 *
 * @param cm - from `confusionMatrix`
 * @param options - title
 * @returns SVG markup
 */
export function confusionSvg(cm: ConfusionMatrix, options: ConfusionSvgOptions = {}): string {
  const k = cm.labels.length;
  const width = LEFT + k * CELL + 20;
  const height = TOP + k * CELL + 50;
  const title = options.title ?? "Confusion matrix";
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${LEFT + (k * CELL) / 2}" y="${TOP - 28}" text-anchor="middle">Predicted</text>`,
    `<text transform="translate(16 ${TOP + (k * CELL) / 2}) rotate(-90)" text-anchor="middle">True</text>`,
  ];
  cm.labels.forEach((label, i) => {
    const name = escapeXml(String(label));
    parts.push(
      `<text x="${LEFT + i * CELL + CELL / 2}" y="${TOP - 8}" text-anchor="middle">${name}</text>`,
      `<text x="${LEFT - 8}" y="${TOP + i * CELL + CELL / 2 + 4}" text-anchor="end">${name}</text>`,
    );
  });
  cm.matrix.forEach((row, i) => {
    const total = row.reduce((s, v) => s + v, 0);
    row.forEach((count, j) => {
      const share = total === 0 ? 0 : count / total;
      const x = LEFT + j * CELL;
      const y = TOP + i * CELL;
      const dark = share > 0.55;
      parts.push(
        `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="rgb(${num(255 - share * 224, 0)},${num(255 - share * 136, 0)},${num(255 - share * 75, 0)})" stroke="#ccc"/>`,
        `<text x="${x + CELL / 2}" y="${y + CELL / 2}" text-anchor="middle" font-weight="bold" fill="${dark ? "white" : "black"}">${count}</text>`,
        `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 16}" text-anchor="middle" font-size="10" fill="${dark ? "white" : "#555"}">${num(share * 100, 1)}%</text>`,
      );
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}
