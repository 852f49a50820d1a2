import { dirname, relative, resolve } from "node:path";
import { CtcError } from "../core/errors";
import { readTextFile } from "../node/read-file";
import { parseCsv } from "./csv";

/**
 * Read true labels from a CSV with a `label` column and either an `id` column (as the CLI writes it:
 * `source#index`) or `source` and `index` columns (sources relative to the CSV's own folder).
 *
 * @param path - CSV file
 * @param cwd - working directory the cell ids are relative to
 * @returns cell id to label
 * @throws {@link CtcError} `IO_ERROR`, `CORRUPT_FILE` naming the file and the missing column
 */
export function readLabels(path: string, cwd: string): Map<string, string> {
  const text = readTextFile(path);
  const records = parseCsv(text, path);
  const labels = new Map<string, string>();
  for (const [i, record] of records.entries()) {
    if (record.label === undefined) {
      throw new CtcError("CORRUPT_FILE", "the labels CSV needs a label column", {
        file: path,
        field: "label",
      });
    }
    let id = record.id;
    if (id === undefined) {
      if (record.source === undefined || record.index === undefined) {
        throw new CtcError("CORRUPT_FILE", "each row needs an id, or a source and an index", {
          file: path,
          field: `line ${i + 2}`,
        });
      }
      id = `${relative(cwd, resolve(dirname(resolve(cwd, path)), record.source))}#${record.index}`;
    }
    labels.set(id, record.label);
  }
  return labels;
}
