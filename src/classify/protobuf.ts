import { concatBytes } from "../core/bytes";

/** One protobuf field: its number, wire type, whole bytes (key included) and payload. */
export interface ProtoField {
  /** Field number. */
  readonly number: number;
  /** Wire type: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  readonly wire: number;
  /** Offset of the field's key. */
  readonly start: number;
  /** Offset just past the field. */
  readonly end: number;
  /** Offset of the payload (after the length, for length-delimited fields). */
  readonly payloadStart: number;
  /** The varint's value, or the payload length of a length-delimited field. */
  readonly value: number;
}

/**
 * Split one protobuf message into its fields without decoding their payloads, so weights are skipped by
 * length and reading a large model's graph costs microseconds.
 *
 * @param bytes - the encoded bytes
 * @param from - offset of the message
 * @param to - offset just past the message
 * @param corrupt - called with what is wrong when the bytes are not a protobuf; must throw
 * @returns the fields in file order
 */
export function readFields(
  bytes: Uint8Array,
  from: number,
  to: number,
  corrupt: (message: string) => never,
): ProtoField[] {
  const out: ProtoField[] = [];
  let at = from;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (at >= to) corrupt("varint runs past the end of its message");
      const byte = bytes[at++];
      // Multiplication, not shifts: lengths of large models pass 2^31.
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    return corrupt("varint longer than 10 bytes");
  };
  while (at < to) {
    const start = at;
    const key = varint();
    const wire = key % 8;
    const number = Math.floor(key / 8);
    let value = 0;
    let payloadStart = at;
    if (wire === 0) value = varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      value = varint();
      payloadStart = at;
      at += value;
    } else corrupt(`unsupported wire type ${wire}`);
    if (at > to) corrupt(`field ${number} runs past the end of its message`);
    out.push({ number, wire, start, end: at, payloadStart, value });
  }
  return out;
}

function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 128) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

const encoder = new TextEncoder();

/** Writers for single protobuf fields, each returning the key and the payload. */
export const writeField = {
  /** A length-delimited field (message, bytes, packed values). */
  bytes: (number: number, payload: Uint8Array): Uint8Array =>
    concatBytes([Uint8Array.from([...varintBytes(number * 8 + 2), ...varintBytes(payload.length)]), payload]),
  /** A UTF-8 string field. */
  string: (number: number, text: string): Uint8Array => writeField.bytes(number, encoder.encode(text)),
  /** A non-negative varint field. */
  varint: (number: number, value: number): Uint8Array =>
    Uint8Array.from([...varintBytes(number * 8), ...varintBytes(value)]),
  /** A fixed32 float field. */
  float: (number: number, value: number): Uint8Array => {
    const out = new Uint8Array([...varintBytes(number * 8 + 5), 0, 0, 0, 0]);
    new DataView(out.buffer).setFloat32(out.length - 4, value, true);
    return out;
  },
};
