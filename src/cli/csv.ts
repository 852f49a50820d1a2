import { CtcError } from "../core/errors";

function quote(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Format rows as RFC 4180 CSV (fields quoted only when needed, `\n` line ends, final newline).
 *
 * @param header - column names
 * @param rows - one array of values per row
 * @returns the CSV text
 */
export function formatCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  return `${[header, ...rows].map((row) => row.map(quote).join(",")).join("\n")}\n`;
}

/**
 * Parse RFC 4180 CSV with a header row into records keyed by column name.
 *
 * @param text - CSV text (`\n` or `\r\n` line ends, quoted fields with `""` escapes)
 * @param file - file name for errors
 * @returns one record per data row
 * @throws {@link CtcError} `CORRUPT_FILE` for an unterminated quote or a row with the wrong field count
 */
export function parseCsv(text: string, file: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (quoted) throw new CtcError("CORRUPT_FILE", "a quoted field is not closed", { file });
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows.filter((r) => !(r.length === 1 && r[0] === ""));
  if (header === undefined) throw new CtcError("CORRUPT_FILE", "the CSV has no header row", { file });
  return data.map((r, i) => {
    if (r.length !== header.length) {
      throw new CtcError("CORRUPT_FILE", "row has the wrong number of fields", {
        file,
        field: `line ${i + 2}`,
        expected: header.length,
        actual: r.length,
      });
    }
    return Object.fromEntries(header.map((name, k) => [name, r[k]]));
  });
}
