import type { RocCurve } from "../roc";
import type { ThresholdPoint } from "../thresholds";
import { line, marker, note, num, unitPlot } from "./svg";

/** Options of {@link rocSvg}. */
export interface RocSvgOptions {
  /** Chart title. Default "ROC curve". */
  readonly title?: string;
  /** Area under the curve, printed in the legend. */
  readonly auc?: number;
  /** The chosen threshold, marked at (1 - specificity, sensitivity). */
  readonly threshold?: ThresholdPoint;
}

/**
 * ROC curve as a standalone SVG string: false positive rate against sensitivity, the chance diagonal,
 * the AUC and the chosen threshold marked.
 *
 * @param curve - from `rocCurve`
 * @param options - title, AUC, threshold
 * @returns SVG markup
 */
export function rocSvg(curve: RocCurve, options: RocSvgOptions = {}): string {
  const plot = unitPlot(options.title ?? "ROC curve", "False positive rate (1 − specificity)", "Sensitivity");
  const parts = [
    plot.head,
    line(plot, [0, 1], [0, 1], 'stroke="#999" stroke-dasharray="4 4"'),
    line(plot, curve.fpr, curve.tpr, 'stroke="#1f77b4" stroke-width="2"'),
  ];
  if (options.auc !== undefined) parts.push(note(plot, 0, `AUC = ${num(options.auc, 3)}`));
  const t = options.threshold;
  if (t !== undefined) {
    parts.push(
      marker(plot, 1 - t.specificity, t.sensitivity, `t = ${num(t.threshold, 3)}`),
      note(
        plot,
        options.auc === undefined ? 0 : 1,
        `sens ${num(t.sensitivity, 3)}, spec ${num(t.specificity, 3)}`,
      ),
    );
  }
  parts.push("</svg>");
  return parts.filter((part) => part !== "").join("\n");
}
