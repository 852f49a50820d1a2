import type { PrCurve } from "../pr";
import type { ThresholdPoint } from "../thresholds";
import { line, marker, note, num, unitPlot } from "./svg";

/** Options of {@link prSvg}. */
export interface PrSvgOptions {
  /** Chart title. Default "Precision-recall curve". */
  readonly title?: string;
  /** Average precision, printed in the legend. */
  readonly averagePrecision?: number;
  /** Share of positives, drawn as the no-skill line (a random classifier's precision). */
  readonly prevalence?: number;
  /** The chosen threshold, marked at (sensitivity, precision). */
  readonly threshold?: ThresholdPoint;
}

/**
 * Precision-recall curve as a standalone SVG string, drawn as steps (the curve average precision
 * sums), with the no-skill line and the chosen threshold marked.
 *
 * @param curve - from `precisionRecallCurve`
 * @param options - title, average precision, prevalence, threshold
 * @returns SVG markup
 */
export function prSvg(curve: PrCurve, options: PrSvgOptions = {}): string {
  const plot = unitPlot(options.title ?? "Precision-recall curve", "Recall (sensitivity)", "Precision");
  // Step-wise: precision holds from one recall level down to the next, as average precision counts it.
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < curve.recall.length; i++) {
    if (i > 0) {
      xs.push(curve.recall[i - 1]);
      ys.push(curve.precision[i]);
    }
    xs.push(curve.recall[i]);
    ys.push(curve.precision[i]);
  }
  const parts = [plot.head];
  if (options.prevalence !== undefined) {
    parts.push(
      line(plot, [0, 1], [options.prevalence, options.prevalence], 'stroke="#999" stroke-dasharray="4 4"'),
    );
  }
  parts.push(line(plot, xs, ys, 'stroke="#2ca02c" stroke-width="2"'));
  if (options.averagePrecision !== undefined)
    parts.push(note(plot, 0, `AP = ${num(options.averagePrecision, 3)}`));
  const t = options.threshold;
  if (t !== undefined) {
    parts.push(
      marker(plot, t.sensitivity, t.precision, `t = ${num(t.threshold, 3)}`),
      note(
        plot,
        options.averagePrecision === undefined ? 0 : 1,
        `prec ${num(t.precision, 3)}, sens ${num(t.sensitivity, 3)}`,
      ),
    );
  }
  parts.push("</svg>");
  return parts.filter((part) => part !== "").join("\n");
}
