import { existsSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { CtcError } from "../core/errors";
import { readTextFile } from "../node/read-file";
import { parseCsv } from "./csv";

/** One cell of a `ctc classify` predictions CSV. */
export interface PredictedCell {
  /** Cell id (`source#index`). */
  readonly id: string;
  /** Positive-class probability. */
  readonly positiveProbability: number;
}

/** A predictions CSV with what its run recorded beside it. */
export interface Predictions {
  /** The cells, in file order. */
  readonly cells: readonly PredictedCell[];
  /** Threshold of the run, from the `.json` written beside the CSV, when present. */
  readonly threshold?: number;
  /** Positive class of the run's model, from the same `.json`, when present. */
  readonly positiveClass?: string;
  /** Model name and version, from the same `.json`, when present. */
  readonly model?: string;
}

function runRecord(csvPath: string): { threshold?: number; positiveClass?: string; model?: string } {
  // classify writes predictions.csv and predictions.json side by side; the JSON keeps what the CSV lacks.
  const path = join(dirname(csvPath), `${basename(csvPath, extname(csvPath))}.json`);
  if (!existsSync(path)) return {};
  let json: { threshold?: unknown; model?: { name?: unknown; version?: unknown; positiveClass?: unknown } };
  try {
    json = JSON.parse(readTextFile(path));
  } catch (cause) {
    if (cause instanceof CtcError) throw cause;
    throw new CtcError("CORRUPT_FILE", "the run record is not JSON", { file: path, cause });
  }
  return {
    threshold: typeof json.threshold === "number" ? json.threshold : undefined,
    positiveClass: typeof json.model?.positiveClass === "string" ? json.model.positiveClass : undefined,
    model:
      typeof json.model?.name === "string"
        ? `${json.model.name} ${String(json.model.version ?? "")}`.trim()
        : undefined,
  };
}

/**
 * Read the predictions CSV that `ctc classify` writes (`id`, `positive_probability` columns; others are
 * ignored), plus the threshold and positive class from the `predictions.json` beside it when present.
 *
 * @param path - CSV file
 * @returns the cells and the run's recorded settings
 * @throws {@link CtcError} `IO_ERROR`; `CORRUPT_FILE` naming the file and the missing column or bad row
 */
export function readPredictions(path: string): Predictions {
  const records = parseCsv(readTextFile(path), path);
  const cells = records.map((record, i) => {
    for (const column of ["id", "positive_probability"]) {
      if (record[column] === undefined) {
        throw new CtcError("CORRUPT_FILE", `the predictions CSV needs a ${column} column`, {
          file: path,
          field: column,
        });
      }
    }
    const p = Number(record.positive_probability);
    if (record.positive_probability.trim() === "" || !(p >= 0 && p <= 1)) {
      throw new CtcError("CORRUPT_FILE", "positive_probability must be a number in [0, 1]", {
        file: path,
        field: `line ${i + 2}`,
        actual: record.positive_probability,
      });
    }
    return { id: record.id, positiveProbability: p };
  });
  return { cells, ...runRecord(path) };
}
