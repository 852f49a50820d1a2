const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Standard base64 (RFC 4648, with padding) of bytes, without `Buffer` or `btoa` so it runs anywhere and
 * handles inputs of any size (btoa needs a binary string, which large inputs overflow).
 *
 * @param bytes - data to encode
 * @returns the base64 text
 */
export function toBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  let line = "";
  const full = bytes.length - (bytes.length % 3);
  for (let i = 0; i < full; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    line += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
    // Joining fixed-size pieces keeps string building linear for multi-megabyte payloads.
    if (line.length >= 65536) {
      chunks.push(line);
      line = "";
    }
  }
  const rest = bytes.length - full;
  if (rest === 1) {
    const n = bytes[full] << 16;
    line += `${ALPHABET[n >> 18]}${ALPHABET[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (bytes[full] << 16) | (bytes[full + 1] << 8);
    line += `${ALPHABET[n >> 18]}${ALPHABET[(n >> 12) & 63]}${ALPHABET[(n >> 6) & 63]}=`;
  }
  chunks.push(line);
  return chunks.join("");
}
