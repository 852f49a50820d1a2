/*
 * Slicing-by-8 tables: eight bytes per step instead of one, about four times faster on large zip
 * entries, where the checksum otherwise costs as much as the copy.
 */
let tables: Uint32Array[] | undefined;

function buildTables(): Uint32Array[] {
  const out = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    out[0][n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let t = 1; t < 8; t++) out[t][n] = (out[t - 1][n] >>> 8) ^ out[0][out[t - 1][n] & 0xff];
  }
  return out;
}

/**
 * CRC-32 (ISO-HDLC, as zip and PNG use) of some bytes.
 *
 * @param data - the bytes
 * @returns the checksum as an unsigned 32-bit integer
 */
export function crc32(data: Uint8Array): number {
  tables ??= buildTables();
  const [t0, t1, t2, t3, t4, t5, t6, t7] = tables;
  let crc = 0xffffffff;
  let i = 0;
  for (const end = data.length - 8; i <= end; i += 8) {
    const a = (crc ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
    crc =
      t7[a & 0xff] ^
      t6[(a >>> 8) & 0xff] ^
      t5[(a >>> 16) & 0xff] ^
      t4[a >>> 24] ^
      t3[data[i + 4]] ^
      t2[data[i + 5]] ^
      t1[data[i + 6]] ^
      t0[data[i + 7]];
  }
  for (; i < data.length; i++) crc = t0[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
