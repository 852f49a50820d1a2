import { describe, expect, it } from "vitest";
import { parseYaml } from "../../src/classify/yaml";

const fails = (text: string, code: "INVALID_SPEC" | "UNSUPPORTED_FORMAT", line: number) => {
  expect(() => parseYaml(text, { file: "m.zip:rdf.yaml" })).toThrow(
    expect.objectContaining({ code, file: "m.zip:rdf.yaml", field: `line ${line}` }),
  );
};

describe("parseYaml", () => {
  it("reads nested block mappings and sequences, with items that are mappings", () => {
    const text = [
      "inputs:",
      "  - name: raw",
      "    axes: bcyx",
      "    preprocessing:",
      "      - name: scale_range",
      "        kwargs:",
      "          mode: per_sample",
      "weights:",
      "  onnx:",
      "    source: ./weights.onnx",
      "list:",
      "- a",
      "- - b",
      "  - c",
    ].join("\n");
    expect(parseYaml(text)).toEqual({
      inputs: [
        {
          name: "raw",
          axes: "bcyx",
          preprocessing: [{ name: "scale_range", kwargs: { mode: "per_sample" } }],
        },
      ],
      weights: { onnx: { source: "./weights.onnx" } },
      list: ["a", ["b", "c"]],
    });
  });

  it("reads flow sequences and mappings, nested and across lines", () => {
    expect(parseYaml("shape: [1, 3, 64, 64]\nk: {mode: per_sample, axes: [x, y], eps: 1.0e-6}")).toEqual({
      shape: [1, 3, 64, 64],
      k: { mode: "per_sample", axes: ["x", "y"], eps: 1e-6 },
    });
    expect(parseYaml("a: [1,\n  2, # two\n  3]\nb: []\nc: {}")).toEqual({ a: [1, 2, 3], b: [], c: {} });
    expect(parseYaml("url: {u: https://x.org/a}")).toEqual({ url: { u: "https://x.org/a" } });
  });

  it("resolves scalars by YAML 1.2's core schema", () => {
    const text =
      "a: 1\nb: -2.5\nc: 1e-6\nd: .inf\ne: -.Inf\nf: true\ng: False\nh: null\ni: ~\nj:\nk: 0.4.10\nl: 0x1F\nm: 2024-01-01\nn: yes";
    expect(parseYaml(text)).toEqual({
      a: 1,
      b: -2.5,
      c: 1e-6,
      d: Infinity,
      e: -Infinity,
      f: true,
      g: false,
      h: null,
      i: null,
      j: null,
      k: "0.4.10",
      l: 31,
      m: "2024-01-01",
      n: "yes",
    });
    expect(Number.isNaN((parseYaml("x: .nan") as { x: number }).x)).toBe(true);
  });

  it("reads quoted strings, keeping what they quote", () => {
    const text = `a: 'it''s # not a comment'\nb: "tab\\tand \\u00e9 and \\"q\\""\nc: '1.0'\n"d e": "true"`;
    expect(parseYaml(text)).toEqual({
      a: "it's # not a comment",
      b: 'tab\tand é and "q"',
      c: "1.0",
      "d e": "true",
    });
  });

  it("drops comments, including whole-line and trailing ones", () => {
    expect(parseYaml("# header\na: 1 # one\n\n  # indented comment\nb: x#y")).toEqual({ a: 1, b: "x#y" });
  });

  it("reads literal and folded block scalars with chomping", () => {
    const text = [
      "lit: |",
      "  line one",
      "    indented # kept",
      "",
      "  line three",
      "folded: >",
      "  a long",
      "  sentence",
      "",
      "  next paragraph",
      "strip: |-",
      "  no newline",
      "keep: |+",
      "  kept",
      "",
      "plain: a plain",
      "  value over lines",
    ].join("\n");
    expect(parseYaml(text)).toEqual({
      lit: "line one\n  indented # kept\n\nline three\n",
      folded: "a long sentence\nnext paragraph\n",
      strip: "no newline",
      keep: "kept\n\n",
      plain: "a plain value over lines",
    });
  });

  it("reads an optional document start and an empty document", () => {
    expect(parseYaml("---\na: 1\n...\n")).toEqual({ a: 1 });
    expect(parseYaml("# nothing\n")).toBeNull();
  });

  it("refuses anchors, aliases, tags, directives, complex keys and several documents", () => {
    fails("a: &x 1\nb: *x", "UNSUPPORTED_FORMAT", 1);
    fails("a: 1\nb: *x", "UNSUPPORTED_FORMAT", 2);
    fails("a: !!str 1", "UNSUPPORTED_FORMAT", 1);
    fails("%YAML 1.2\n---\na: 1", "UNSUPPORTED_FORMAT", 1);
    fails("? a\n: b", "UNSUPPORTED_FORMAT", 1);
    fails("a: 1\n---\nb: 2", "UNSUPPORTED_FORMAT", 2);
    fails("a: [1, *x]", "UNSUPPORTED_FORMAT", 1);
  });

  it("reports malformed YAML with the line", () => {
    fails("a: 1\n   b: 2", "INVALID_SPEC", 2);
    fails("a: 1\na: 2", "INVALID_SPEC", 2);
    fails("a: 'open", "INVALID_SPEC", 1);
    fails("a: [1, 2", "INVALID_SPEC", 1);
    fails("a:\n\tb: 1", "INVALID_SPEC", 2);
    fails("a: b: c", "INVALID_SPEC", 1);
    fails("a: {x 1}", "INVALID_SPEC", 1);
    fails("- a\nb: 1", "INVALID_SPEC", 2);
  });
});
