/** A fenced code block of a guide. */
export interface Sample {
  readonly guide: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** Words after the language, e.g. `no-run`. */
  readonly flags: readonly string[];
  readonly code: string;
}

/**
 * The ```ts (or ```typescript) blocks of a Markdown text. Other languages are prose, not samples.
 *
 * @param guide - file name, for reports
 * @param markdown - the text
 * @returns the blocks in order
 */
export function extractSamples(guide: string, markdown: string): Sample[] {
  const samples: Sample[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+|~~~+)\s*(\S*)\s*(.*)$/.exec(lines[i]);
    if (open === null) continue;
    const [, indent, fence, lang, rest] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].trimStart().startsWith(fence); j++) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    if (j === lines.length) throw new Error(`${guide}:${i + 1}: unclosed code fence`);
    if (lang === "ts" || lang === "typescript") {
      samples.push({ guide, line: i + 1, flags: rest.split(/\s+/).filter(Boolean), code: body.join("\n") });
    }
    i = j;
  }
  return samples;
}
