/**
 * Escape text for HTML element content and attribute values.
 *
 * @param text - untrusted text
 * @returns text safe to place between tags or inside double-quoted attributes
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Serialize a value as JSON that is safe inside a `<script type="application/json">` element: `<`, `>`
 * and `&` are written as unicode escapes so no `</script>` or comment opener can appear.
 *
 * @param value - JSON-serializable value
 * @returns the JSON text
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
