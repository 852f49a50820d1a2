import { deflateSync, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { checkEntryName, DEFAULT_ZIP_LIMITS, readZip, writeZip } from "../../src/io/zip";
import { expectCtcError } from "./fixtures";

const text = (value: string) => new TextEncoder().encode(value);

/** Offsets of the first central directory record and the end record of a single-entry archive. */
function layout(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  return { view, end, central: view.getUint32(end + 16, true) };
}

/** Rewrite a (non-zip64) archive's end records as zip64 ones, the form large archives use. */
function toZip64(zip: Uint8Array): Uint8Array {
  const { view, end } = layout(zip);
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const start = view.getUint32(end + 16, true);
  const out = new Uint8Array(end + 56 + 20 + 22);
  out.set(zip.subarray(0, end));
  const v = new DataView(out.buffer);
  v.setUint32(end, 0x06064b50, true);
  v.setBigUint64(end + 4, 44n, true);
  v.setBigUint64(end + 24, BigInt(count), true);
  v.setBigUint64(end + 32, BigInt(count), true);
  v.setBigUint64(end + 40, BigInt(size), true);
  v.setBigUint64(end + 48, BigInt(start), true);
  v.setUint32(end + 56, 0x07064b50, true);
  v.setBigUint64(end + 64, BigInt(end), true);
  v.setUint32(end + 60 + 12, 1, true);
  const e = end + 76;
  v.setUint32(e, 0x06054b50, true);
  v.setUint16(e + 8, 0xffff, true);
  v.setUint16(e + 10, 0xffff, true);
  v.setUint32(e + 12, 0xffffffff, true);
  v.setUint32(e + 16, 0xffffffff, true);
  return out;
}

describe("writeZip / readZip", () => {
  const entries = new Map<string, Uint8Array>([
    ["a.npy", new Uint8Array(5000).map((_, i) => i % 7)],
    ["folder/ünïcode.txt", text("hello")],
    ["empty", new Uint8Array(0)],
  ]);

  it.each([0, 1, 6, 9] as const)("round-trips at level %i", (level) => {
    const back = readZip(writeZip(entries, { level }));
    expect([...back.keys()]).toEqual([...entries.keys()]);
    for (const [name, data] of entries) expect(back.get(name)).toEqual(data);
  });

  it("writes the same bytes for the same input, readable by another unzipper (fflate)", () => {
    const one = writeZip(entries);
    expect(writeZip(new Map(entries))).toEqual(one);
    const other = unzipSync(one);
    for (const [name, data] of entries) expect(other[name]).toEqual(data);
  });

  it("stores entries that deflate would grow", () => {
    const noise = new Uint8Array(256).map((_, i) => (i * 1103515245 + 12345) >>> 16);
    const zip = writeZip({ noise });
    expect(zip.length).toBeLessThan(noise.length + 200);
    expect(readZip(zip).get("noise")).toEqual(noise);
  });

  it("reads archives written by another zipper (fflate), skipping folders", () => {
    const zip = zipSync({
      dir: { "x.bin": new Uint8Array([1, 2, 3]) },
      "y.bin": [new Uint8Array(100), { level: 0 }],
    });
    const back = readZip(zip);
    expect([...back.keys()].sort()).toEqual(["dir/x.bin", "y.bin"]);
    expect(back.get("dir/x.bin")).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("reads zip64 end records", () => {
    const back = readZip(toZip64(writeZip(entries)));
    expect(back.get("a.npy")).toEqual(entries.get("a.npy"));
  });

  it("refuses to write names that readers would refuse", () => {
    expectCtcError(() => writeZip({ "../evil": new Uint8Array(1) }), "UNSAFE_PATH", "../evil");
  });
});

describe("readZip on hostile input", () => {
  it.each(["../x", "a/../../x", "/etc/passwd", "C:/windows/x", "c:x", "a\\..\\x", "..", "a/.."])(
    "refuses the entry name %j",
    (name) => {
      const zip = zipSync({ [name]: new Uint8Array([1]) });
      expectCtcError(() => readZip(zip, { file: "evil.zip" }), "UNSAFE_PATH", "evil.zip", name);
    },
  );

  it("accepts ordinary nested names", () => {
    expect(() => checkEntryName("a/b..c/.hidden/x.npy")).not.toThrow();
  });

  it("rejects an entry declaring 1 GB before inflating anything", () => {
    const zip = writeZip({ bomb: new Uint8Array(1000) }, { level: 0 });
    const { view, central } = layout(zip);
    view.setUint32(central + 24, 1_000_000_000, true);
    expectCtcError(() => readZip(zip, { file: "bomb.zip" }), "LIMIT_EXCEEDED", "bomb.zip", "bomb");
  });

  it("stops inflating when an entry exceeds the size its header declares", () => {
    const zip = writeZip({ bomb: new Uint8Array(20_000_000) });
    expect(zip.length).toBeLessThan(100_000);
    const { view, central } = layout(zip);
    view.setUint32(central + 24, 1000, true);
    expectCtcError(
      () => readZip(zip, { file: "bomb.zip" }),
      "CORRUPT_FILE",
      "bomb.zip",
      "more bytes than declared",
    );
  });

  it("applies per-entry, total and count limits, and callers can raise them", () => {
    const zip = writeZip({ a: new Uint8Array(600), b: new Uint8Array(600) });
    expectCtcError(() => readZip(zip, { maxEntryBytes: 500 }), "LIMIT_EXCEEDED", "maxEntryBytes");
    expectCtcError(() => readZip(zip, { maxTotalBytes: 1000 }), "LIMIT_EXCEEDED", "maxTotalBytes");
    expectCtcError(() => readZip(zip, { maxEntries: 1 }), "LIMIT_EXCEEDED", "maxEntries");
    expect(readZip(zip, { maxEntryBytes: 600, maxTotalBytes: 1200, maxEntries: 2 }).size).toBe(2);
    expect(DEFAULT_ZIP_LIMITS.maxEntryBytes).toBeLessThan(1_000_000_000);
  });

  it("detects a bad CRC, naming the file and the entry", () => {
    const zip = writeZip({ "data.bin": text("some stored text") }, { level: 0 });
    zip[40] ^= 0xff;
    expectCtcError(() => readZip(zip, { file: "x.npz" }), "CORRUPT_FILE", "x.npz", "data.bin", "CRC");
  });

  it("detects corrupt deflate data", () => {
    const zip = writeZip({ "data.bin": new Uint8Array(4000).fill(3) });
    const { view, central } = layout(zip);
    const start = 30 + view.getUint16(26, true);
    zip.fill(0xff, start, view.getUint32(central + 20, true) + start);
    expectCtcError(() => readZip(zip, { file: "x.zip" }), "CORRUPT_FILE", "x.zip", "data.bin");
  });

  it("reports truncated, empty and foreign files", () => {
    const zip = writeZip({ a: new Uint8Array(5000).map((_, i) => i) });
    for (const cut of [10, 100, zip.length - 30, zip.length - 1]) {
      expectCtcError(() => readZip(zip.subarray(0, cut), { file: "cut.zip" }), "TRUNCATED_FILE", "cut.zip");
    }
    expectCtcError(() => readZip(new Uint8Array(0), { file: "e.zip" }), "CORRUPT_FILE", "e.zip", "empty");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expectCtcError(() => readZip(png, { file: "p.zip" }), "CORRUPT_FILE", "p.zip", "not a zip");
  });

  it("refuses encrypted entries and unknown methods", () => {
    const zip = writeZip({ a: deflateSync(new Uint8Array(10)) }, { level: 0 });
    const { view, central } = layout(zip);
    view.setUint16(central + 10, 14, true);
    expectCtcError(() => readZip(zip), "UNSUPPORTED_FORMAT", "method");
    view.setUint16(central + 10, 0, true);
    view.setUint16(central + 8, 1, true);
    expectCtcError(() => readZip(zip), "UNSUPPORTED_FORMAT", "encrypted");
  });
});
