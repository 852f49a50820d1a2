/**
 * Join byte arrays into one.
 *
 * @param parts - the arrays, in order
 * @returns their concatenation, in a new array
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
