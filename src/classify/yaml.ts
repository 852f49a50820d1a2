import { CtcError } from "../core/errors";

/** A parsed YAML value: what JSON can hold, nothing else (no dates, no binary, no references). */
export type YamlValue = null | boolean | number | string | YamlValue[] | { [key: string]: YamlValue };

/** Options for {@link parseYaml}. */
export interface ParseYamlOptions {
  /** Name of the document for error messages, e.g. `model.zip:rdf.yaml`. */
  readonly file?: string;
}

interface Line {
  /** Column of the first non-space character. */
  indent: number;
  /** The text, comment removed, trailing spaces trimmed; may be rewritten for `- ` items. */
  text: string;
  /** 1-based line number in the document. */
  readonly number: number;
}

const PLAIN_NULL = new Set(["", "~", "null", "Null", "NULL"]);
const PLAIN_TRUE = new Set(["true", "True", "TRUE"]);
const PLAIN_FALSE = new Set(["false", "False", "FALSE"]);
const INT = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const OCTAL = /^0o[0-7]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INFINITY = /^[-+]?\.(inf|Inf|INF)$/;
const NAN = /^\.(nan|NaN|NAN)$/;

/**
 * The value of a plain (unquoted) scalar under YAML 1.2's core schema, the schema bioimage.io's own
 * tooling (ruamel.yaml) reads rdf files with: so `1e-6` is a number and `0.4.10` a string.
 */
function resolvePlain(text: string): YamlValue {
  if (PLAIN_NULL.has(text)) return null;
  if (PLAIN_TRUE.has(text)) return true;
  if (PLAIN_FALSE.has(text)) return false;
  if (INT.test(text) || FLOAT.test(text)) return Number(text);
  if (HEX.test(text)) return Number.parseInt(text.slice(2), 16);
  if (OCTAL.test(text)) return Number.parseInt(text.slice(2), 8);
  if (INFINITY.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (NAN.test(text)) return Number.NaN;
  return text;
}

const ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};

class Parser {
  /** The document's lines as written: block scalars keep their comments and spacing. */
  private readonly raw: string[];
  private readonly lines: Line[];
  private at = 0;

  constructor(
    text: string,
    private readonly file: string | undefined,
  ) {
    this.raw = text.split(/\r?\n/);
    this.lines = this.raw.map((raw, i) => this.line(raw, i + 1));
  }

  fail(line: number, message: string, code: "INVALID_SPEC" | "UNSUPPORTED_FORMAT" = "INVALID_SPEC"): never {
    throw new CtcError(code, message, { file: this.file, field: `line ${line}` });
  }

  /** Split a raw line into indentation and text, dropping a comment that is outside quotes. */
  private line(raw: string, number: number): Line {
    const indent = raw.length - raw.trimStart().length;
    if (raw.slice(0, indent).includes("\t")) this.fail(number, "tabs are not allowed in indentation");
    let quote = "";
    let end = raw.length;
    for (let i = indent; i < raw.length; i++) {
      const ch = raw[i];
      if (quote !== "") {
        if (ch === "\\" && quote === '"') i++;
        else if (ch === "'" && quote === "'" && raw[i + 1] === "'") i++;
        else if (ch === quote) quote = "";
      } else if (ch === "#" && (i === indent || raw[i - 1] === " " || raw[i - 1] === "\t")) {
        end = i;
        break;
      } else if ((ch === '"' || ch === "'") && (i === indent || /[\s[{,:-]/.test(raw[i - 1]))) {
        quote = ch;
      }
    }
    return { indent, text: raw.slice(indent, end).trimEnd(), number };
  }

  /** Skip blank and comment-only lines; the next content line, or undefined at the end. */
  private peek(): Line | undefined {
    while (this.at < this.lines.length && this.lines[this.at].text === "") this.at++;
    return this.lines[this.at];
  }

  /** The next content line inside the document: undefined at a `---` or `...` marker. */
  private peekContent(): Line | undefined {
    const line = this.peek();
    return line !== undefined && line.indent === 0 && /^(---|\.\.\.)(\s|$)/.test(line.text)
      ? undefined
      : line;
  }

  document(): YamlValue {
    let first = this.peek();
    if (first?.text.startsWith("%"))
      this.fail(first.number, "directives are not supported", "UNSUPPORTED_FORMAT");
    if (first !== undefined && first.indent === 0 && /^---(\s|$)/.test(first.text)) {
      if (first.text.length > 3) this.fail(first.number, "content after '---' is not supported");
      this.at++;
      first = this.peek();
    }
    if (first === undefined) return null;
    const value = this.node(-1);
    const rest = this.peek();
    if (rest !== undefined && !(rest.indent === 0 && rest.text === "...")) {
      if (rest.text.startsWith("---"))
        this.fail(rest.number, "only one document is supported", "UNSUPPORTED_FORMAT");
      this.fail(rest.number, "unexpected content (check the indentation)");
    }
    return value;
  }

  /** The node starting at the next content line, which must be indented more than `parent`. */
  private node(parent: number): YamlValue {
    const line = this.peekContent();
    if (line === undefined || line.indent <= parent) return null;
    this.refuse(line.text, line.number);
    if (line.text === "-" || line.text.startsWith("- ")) return this.sequence(line.indent);
    if (this.keyEnd(line) !== undefined) return this.mapping(line.indent);
    this.at++;
    return this.inline(line.text, line, parent);
  }

  /** Reject the YAML features this subset leaves out, rather than misreading them; shared with {@link FlowReader}. */
  refuse(text: string, number: number): void {
    const ch = text[0];
    if (ch === "&" || ch === "*")
      this.fail(number, "anchors and aliases are not supported", "UNSUPPORTED_FORMAT");
    if (ch === "!") this.fail(number, "tags are not supported", "UNSUPPORTED_FORMAT");
    if (ch === "?" && (text.length === 1 || text[1] === " "))
      this.fail(number, "complex mapping keys are not supported", "UNSUPPORTED_FORMAT");
    if (ch === "@" || ch === "`") this.fail(number, `a plain scalar cannot start with '${ch}'`);
  }

  /** Index of the `:` that ends a block mapping key on this line, if the line is a `key: value` pair. */
  private keyEnd(line: Line): number | undefined {
    const { text } = line;
    if (text[0] === "[" || text[0] === "{") return undefined;
    let i = 0;
    if (text[0] === '"' || text[0] === "'") {
      i = this.quotedEnd(text, 0, line.number);
      while (text[i] === " ") i++;
      return text[i] === ":" && (i + 1 === text.length || text[i + 1] === " ") ? i : undefined;
    }
    for (; i < text.length; i++) {
      if (text[i] === ":" && (i + 1 === text.length || text[i + 1] === " ")) return i;
    }
    return undefined;
  }

  /** Index just past the closing quote of the quoted scalar opening at `start`. */
  private quotedEnd(text: string, start: number, number: number): number {
    const quote = text[start];
    for (let i = start + 1; i < text.length; i++) {
      if (quote === '"' && text[i] === "\\") i++;
      else if (text[i] === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else return i + 1;
      }
    }
    return this.fail(number, "unterminated quoted string (multi-line quoted strings are not supported)");
  }

  /** The value of a complete quoted scalar (quotes included); shared with {@link FlowReader}. */
  quoted(text: string, number: number): string {
    const body = text.slice(1, -1);
    if (text[0] === "'") return body.replaceAll("''", "'");
    let out = "";
    for (let i = 0; i < body.length; i++) {
      if (body[i] !== "\\") {
        out += body[i];
        continue;
      }
      const ch = body[++i];
      const hex = ch === "x" ? 2 : ch === "u" ? 4 : ch === "U" ? 8 : 0;
      if (hex > 0) {
        const digits = body.slice(i + 1, i + 1 + hex);
        if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits))
          this.fail(number, `bad escape \\${ch}${digits}`);
        out += String.fromCodePoint(Number.parseInt(digits, 16));
        i += hex;
      } else if (ch in ESCAPES) out += ESCAPES[ch];
      else this.fail(number, `unknown escape \\${ch}`);
    }
    return out;
  }

  private mapping(indent: number): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    for (
      let line = this.peekContent();
      line !== undefined && line.indent >= indent;
      line = this.peekContent()
    ) {
      if (line.indent > indent) this.fail(line.number, "unexpected indentation");
      this.refuse(line.text, line.number);
      const end = this.keyEnd(line);
      if (end === undefined) this.fail(line.number, "expected 'key: value' in a mapping");
      const rawKey = line.text.slice(0, end).trimEnd();
      const key = rawKey[0] === '"' || rawKey[0] === "'" ? this.quoted(rawKey, line.number) : rawKey;
      if (Object.hasOwn(out, key)) this.fail(line.number, `duplicate key "${key}"`);
      const rest = line.text.slice(end + 1).trimStart();
      this.at++;
      if (rest !== "") {
        out[key] = this.inline(rest, line, indent);
        continue;
      }
      // A sequence may sit at the key's own indentation ("key:\n- a\n- b").
      const next = this.peek();
      const sameIndentList =
        next !== undefined && next.indent === indent && (next.text === "-" || next.text.startsWith("- "));
      out[key] = sameIndentList ? this.sequence(indent) : this.node(indent);
    }
    return out;
  }

  private sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (
      let line = this.peekContent();
      line !== undefined && line.indent >= indent;
      line = this.peekContent()
    ) {
      if (line.indent > indent) this.fail(line.number, "unexpected indentation");
      if (!(line.text === "-" || line.text.startsWith("- "))) break;
      if (line.text === "-") {
        this.at++;
        out.push(this.node(indent));
        continue;
      }
      // "- item": the item is read as if it started on its own line at the item's column, so
      // "- name: a\n  kwargs: ..." is a mapping whose later keys line up under "name".
      const content = line.text.slice(1).trimStart();
      line.indent += line.text.length - content.length;
      line.text = content;
      out.push(this.node(indent));
    }
    return out;
  }

  /** A value that starts on a line after `key:` or `- `: quoted, flow, block scalar or plain. */
  private inline(text: string, line: Line, parent: number): YamlValue {
    this.refuse(text, line.number);
    const ch = text[0];
    if (ch === "|" || ch === ">") return this.blockScalar(text, line.number, parent);
    if (ch === "[" || ch === "{") return this.flowValue(text, line, parent);
    if (ch === '"' || ch === "'") {
      const end = this.quotedEnd(text, 0, line.number);
      if (text.slice(end).trim() !== "") this.fail(line.number, "unexpected text after a quoted string");
      return this.quoted(text, line.number);
    }
    // A plain scalar may continue on more-indented lines; they fold into one line with spaces.
    const parts = [text];
    for (let next = this.peek(); next !== undefined && next.indent > parent; next = this.peek()) {
      if (this.keyEnd(next) !== undefined || next.text.startsWith("- ")) {
        this.fail(next.number, "a mapping or list cannot follow a scalar value (check the indentation)");
      }
      parts.push(next.text);
      this.at++;
    }
    if (parts.length > 1) return parts.join(" ");
    if (text.includes(": ")) this.fail(line.number, "plain scalars cannot contain ': ' (quote the value)");
    return resolvePlain(text);
  }

  private blockScalar(header: string, number: number, parent: number): string {
    const match = /^([|>])([-+]?)([1-9]?)([-+]?)$/.exec(header);
    if (match === null || (match[2] !== "" && match[4] !== ""))
      this.fail(number, `bad block scalar header "${header}"`);
    const folded = match[1] === ">";
    const chomp = match[2] || match[4];
    let width = match[3] === "" ? 0 : Math.max(parent, 0) + Number(match[3]);
    const body: string[] = [];
    let i = this.at;
    for (; i < this.lines.length; i++) {
      const text = this.raw[i];
      const spaces = text.length - text.trimStart().length;
      if (text.trim() === "") {
        body.push("");
        continue;
      }
      if (width === 0) {
        if (spaces <= parent) break;
        width = spaces;
      }
      if (spaces < width) break;
      body.push(text.slice(width));
    }
    // Trailing blank lines belong to the scalar only for "keep" chomping; they are consumed either way.
    this.at = i;
    let trailing = 0;
    while (trailing < body.length && body[body.length - 1 - trailing] === "") trailing++;
    const content = body.slice(0, body.length - trailing);
    let text = folded ? this.fold(content) : content.join("\n");
    if (content.length === 0) return chomp === "+" ? "\n".repeat(trailing) : "";
    if (chomp === "+") text += "\n".repeat(trailing + 1);
    else if (chomp !== "-") text += "\n";
    return text;
  }

  /**
   * Folding (`>`): a line break between two ordinary lines becomes a space, blank lines stand for the
   * breaks, and breaks next to more-indented lines are kept.
   */
  private fold(lines: readonly string[]): string {
    let out = "";
    let previous: string | undefined;
    let blanks = 0;
    for (const line of lines) {
      if (line === "") {
        out += "\n";
        blanks++;
        continue;
      }
      if (previous !== undefined) {
        const ordinary = !/^\s/.test(previous) && !/^\s/.test(line);
        if (!ordinary) out += "\n";
        else if (blanks === 0) out += " ";
      }
      out += line;
      previous = line;
      blanks = 0;
    }
    return out;
  }

  /** A flow collection, possibly spanning several lines until its brackets balance. */
  private flowValue(text: string, line: Line, parent: number): YamlValue {
    let source = text;
    let depth = this.flowDepth(source, line.number);
    while (depth > 0) {
      const next = this.peek();
      if (next === undefined || next.indent <= parent) this.fail(line.number, "unclosed flow collection");
      source += ` ${next.text}`;
      this.at++;
      depth = this.flowDepth(source, line.number);
    }
    const flow = new FlowReader(source, line.number, this);
    const value = flow.value();
    flow.end();
    return value;
  }

  private flowDepth(text: string, number: number): number {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"' || ch === "'") i = this.quotedEnd(text, i, number) - 1;
      else if (ch === "[" || ch === "{") depth++;
      else if (ch === "]" || ch === "}") depth--;
    }
    return depth;
  }
}

/** Reads one flow collection (`[a, b]`, `{k: v}`) from a single string. */
class FlowReader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly number: number,
    private readonly parser: Parser,
  ) {}

  private fail(message: string): never {
    return this.parser.fail(this.number, message);
  }

  private skip(): void {
    while (this.text[this.at] === " ") this.at++;
  }

  end(): void {
    this.skip();
    if (this.at < this.text.length) this.fail("unexpected text after a flow collection");
  }

  value(): YamlValue {
    this.skip();
    const ch = this.text[this.at];
    if (ch === "[") return this.sequence();
    if (ch === "{") return this.mapping();
    if (ch === '"' || ch === "'") return this.parser.quoted(this.quotedText(), this.number);
    return resolvePlain(this.plain(false));
  }

  private quotedText(): string {
    const start = this.at;
    const quote = this.text[start];
    for (let i = start + 1; i < this.text.length; i++) {
      if (quote === '"' && this.text[i] === "\\") i++;
      else if (this.text[i] === quote) {
        if (quote === "'" && this.text[i + 1] === "'") i++;
        else {
          this.at = i + 1;
          return this.text.slice(start, i + 1);
        }
      }
    }
    return this.fail("unterminated quoted string");
  }

  private plain(key: boolean): string {
    const start = this.at;
    while (this.at < this.text.length) {
      const ch = this.text[this.at];
      if (ch === "," || ch === "]" || ch === "}" || ch === "[" || ch === "{") break;
      if (ch === ":" && (key || this.text[this.at + 1] === " ")) break;
      this.at++;
    }
    const text = this.text.slice(start, this.at).trim();
    this.parser.refuse(text, this.number);
    return text;
  }

  private sequence(): YamlValue[] {
    this.at++;
    const out: YamlValue[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.at] === "]") {
        this.at++;
        return out;
      }
      out.push(this.value());
      this.skip();
      const ch = this.text[this.at++];
      if (ch === "]") return out;
      if (ch !== ",") this.fail("expected ',' or ']' in a flow sequence");
    }
  }

  private mapping(): { [key: string]: YamlValue } {
    this.at++;
    const out: { [key: string]: YamlValue } = {};
    for (;;) {
      this.skip();
      if (this.text[this.at] === "}") {
        this.at++;
        return out;
      }
      const ch = this.text[this.at];
      const key =
        ch === '"' || ch === "'" ? this.parser.quoted(this.quotedText(), this.number) : this.plain(true);
      this.skip();
      if (this.text[this.at] !== ":") this.fail(`expected ':' after key "${key}" in a flow mapping`);
      this.at++;
      if (Object.hasOwn(out, key)) this.fail(`duplicate key "${key}"`);
      this.skip();
      const next = this.text[this.at];
      out[key] = next === "," || next === "}" ? null : this.value();
      this.skip();
      const sep = this.text[this.at++];
      if (sep === "}") return out;
      if (sep !== ",") this.fail("expected ',' or '}' in a flow mapping");
    }
  }
}

/**
 * Parse the YAML subset that bioimage.io rdf files use: block mappings and sequences, flow `[a, b]`
 * and `{k: v}`, plain, single- and double-quoted scalars, literal `|` and folded `>` block scalars,
 * comments, one optional `---`. Scalars resolve by YAML 1.2's core schema (null, booleans, numbers,
 * `.inf`, `.nan`); timestamps stay strings. Nothing is evaluated, and features outside the subset
 * (anchors, aliases, tags, directives, complex keys, several documents) are refused, not guessed at.
 *
 * @param text - the document
 * @param options - file name for error messages
 * @returns the value (null for an empty document)
 * @throws {@link CtcError} `INVALID_SPEC` for malformed YAML and `UNSUPPORTED_FORMAT` for features
 * outside the subset, each naming the file and the line
 * @example
 * ```ts
 * parseYaml("axes: [b, c]\nname: 'x'") // { axes: ["b", "c"], name: "x" }
 * ```
 */
export function parseYaml(text: string, options: ParseYamlOptions = {}): YamlValue {
  return new Parser(text, options.file).document();
}
