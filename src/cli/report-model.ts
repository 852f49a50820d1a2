import type { Classifier } from "../classify/classifier";
import type { ReportModel } from "../report/types";

/**
 * The report's description of a classifier: name, classes and the first model's card (provenance and
 * cross-validation figures).
 *
 * @param classifier - a loaded classifier
 * @returns the report's model section
 */
export function reportModel(
  classifier: Pick<Classifier, "cards" | "classes" | "positiveClass">,
): ReportModel {
  const card = classifier.cards[0];
  return {
    name: card.name,
    version: card.version,
    classNames: classifier.classes,
    positiveClass: classifier.positiveClass,
    card: {
      description: card.description ?? "",
      data: card.provenance.data,
      trained: card.provenance.date,
      code: card.provenance.code,
      ...Object.fromEntries(
        Object.entries(card.evaluation?.metrics ?? {}).map(([k, v]) => [
          `CV ${k}`,
          `${v.mean.toFixed(3)} ± ${v.std.toFixed(3)} (${card.evaluation?.folds} folds)`,
        ]),
      ),
    },
  };
}
