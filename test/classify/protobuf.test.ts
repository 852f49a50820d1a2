import { describe, expect, it } from "vitest";
import { readFields, writeField } from "../../src/classify/protobuf";
import { concatBytes } from "../../src/core/bytes";

const fail = (message: string): never => {
  throw new Error(message);
};

describe("protobuf fields", () => {
  it("reads back what the writers wrote, key and payload offsets included", () => {
    const big = 2 ** 40 + 3;
    const bytes = concatBytes([
      writeField.varint(1, big),
      writeField.string(15, "héllo"),
      writeField.float(2, 0.5),
      writeField.bytes(300, new Uint8Array(200).fill(7)),
    ]);
    const fields = readFields(bytes, 0, bytes.length, fail);
    expect(fields.map((f) => [f.number, f.wire])).toEqual([
      [1, 0],
      [15, 2],
      [2, 5],
      [300, 2],
    ]);
    expect(fields[0].value).toBe(big);
    expect(new TextDecoder().decode(bytes.subarray(fields[1].payloadStart, fields[1].end))).toBe("héllo");
    expect(new DataView(bytes.buffer, fields[2].payloadStart, 4).getFloat32(0, true)).toBe(0.5);
    expect(fields[3].value).toBe(200);
    expect(fields[3].end - fields[3].payloadStart).toBe(200);
    expect(fields[3].end).toBe(bytes.length);
  });

  it("reports truncated fields, runaway varints and unknown wire types instead of reading past the end", () => {
    const whole = writeField.string(3, "abcdef");
    for (const bytes of [
      whole.subarray(0, whole.length - 1),
      Uint8Array.from([8, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1]),
      Uint8Array.from([8]),
      Uint8Array.from([11, 0]),
      Uint8Array.from([0x0d, 1, 2]),
    ]) {
      expect(() => readFields(bytes, 0, bytes.length, fail)).toThrow();
    }
  });
});
