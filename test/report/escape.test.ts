import { describe, expect, it } from "vitest";
import { escapeHtml, jsonForScript } from "../../src/report/escape";

describe("escaping", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("keeps JSON parseable while removing every way out of a script element", () => {
    const value = { name: "</script><script>alert(1)</script>", note: "<!-- & \u2028" };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
