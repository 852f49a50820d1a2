import { describe, expect, it } from "vitest";
import { formatCsv, parseCsv } from "../../src/cli/csv";
import { isCtcError } from "../../src/core/errors";

describe("CSV", () => {
  it("round-trips awkward fields", () => {
    const rows = [
      ["a,b", 'say "hi"', 1.5],
      ["line\nbreak", "", -2],
    ];
    const text = formatCsv(["x", "y", "z"], rows);
    expect(parseCsv(text, "t.csv")).toEqual([
      { x: "a,b", y: 'say "hi"', z: "1.5" },
      { x: "line\nbreak", y: "", z: "-2" },
    ]);
  });

  it("accepts CRLF and a missing final newline", () => {
    expect(parseCsv("id,label\r\nc1,CTC\r\nc2,WBC", "t.csv")).toEqual([
      { id: "c1", label: "CTC" },
      { id: "c2", label: "WBC" },
    ]);
  });

  it("names the file and line of a short row", () => {
    try {
      parseCsv("id,label\nc1\n", "labels.csv");
      expect.unreachable();
    } catch (error) {
      expect(isCtcError(error, "CORRUPT_FILE")).toBe(true);
      expect((error as Error).message).toContain("labels.csv: line 2");
    }
    expect(() => parseCsv('id\n"open', "x.csv")).toThrow(/not closed/);
    expect(() => parseCsv("", "x.csv")).toThrow(/no header/);
  });
});
