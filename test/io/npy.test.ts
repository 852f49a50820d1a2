import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readNpy, writeNpy } from "../../src/io/npy";
import { expectCtcError, expectedArray, fixtureBytes, fixtures, hasPython, python } from "./fixtures";

const npy = fixtures("npy");

describe("readNpy against NumPy-written files", () => {
  it.each(npy)("$name", (fixture) => {
    const array = readNpy(fixtureBytes(fixture.file!), { file: fixture.file });
    expect(array.shape).toEqual(fixture.shape);
    expect(array.dtype).toBe(fixture.dtype);
    expect(array.data).toEqual(expectedArray(fixture));
  });

  it("covers every dtype in both byte orders, Fortran order, 0-d and versions 1-3", () => {
    const names = npy.map((f) => f.name);
    for (const name of [
      "u4_be",
      "i1_le",
      "f8_be",
      "b1_le",
      "fortran_u2",
      "scalar_i4",
      "version2_i2",
      "version3_i2",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("refuses object arrays without unpickling them", () => {
    expectCtcError(
      () => readNpy(fixtureBytes("npy/object.npy"), { file: "object.npy" }),
      "UNSUPPORTED_DTYPE",
      "object.npy",
      "object",
    );
  });
});

describe("writeNpy", () => {
  const littleC = npy.filter(
    (f) => !f.name.endsWith("_be") && !f.name.startsWith("fortran") && !f.name.startsWith("version"),
  );

  it.each(littleC)("writes the same bytes as np.save for $name", (fixture) => {
    const data = expectedArray(fixture);
    expect(writeNpy({ data, shape: fixture.shape, dtype: fixture.dtype as never })).toEqual(
      fixtureBytes(fixture.file!),
    );
  });

  it("round-trips through readNpy", () => {
    const array = {
      data: new Float64Array([1.5, -2, Math.PI, 1e-300, 7, 8]),
      shape: [3, 2],
      dtype: "float64" as const,
    };
    expect(readNpy(writeNpy(array))).toEqual(array);
  });

  it.skipIf(!hasPython)("is loaded by NumPy", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctc-npy-"));
    const path = join(dir, "a.npy");
    writeFileSync(
      path,
      writeNpy({ data: new Int16Array([-3, 2, 1, 0, 32767, -32768]), shape: [2, 1, 3], dtype: "int16" }),
    );
    const out = python(
      "import numpy as np, sys; a = np.load(sys.argv[1]); print(a.dtype, a.shape, a.ravel().tolist())",
      path,
    );
    expect(out.trim()).toBe("int16 (2, 1, 3) [-3, 2, 1, 0, 32767, -32768]");
  });

  it("refuses a shape that does not match the data and a dtype that does not match the array", () => {
    expectCtcError(
      () => writeNpy({ data: new Uint8Array(6), shape: [2, 2], dtype: "uint8" }),
      "SHAPE_MISMATCH",
    );
    expectCtcError(
      () => writeNpy({ data: new Uint8Array(4), shape: [2, 2], dtype: "uint16" }),
      "INVALID_ARGUMENT",
    );
  });
});

describe("readNpy on bad input", () => {
  const header = (dict: string, body = new Uint8Array(0), major = 1) => {
    const text = new TextEncoder().encode(`${dict}\n`);
    const pre = major === 1 ? 10 : 12;
    const out = new Uint8Array(pre + text.length + body.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
    const view = new DataView(out.buffer);
    if (major === 1) view.setUint16(8, text.length, true);
    else view.setUint32(8, text.length, true);
    out.set(text, pre);
    out.set(body, pre + text.length);
    return out;
  };

  it("rejects a 10^12-element shape before allocating", () => {
    const bytes = header("{'descr': '<u2', 'fortran_order': False, 'shape': (1000000, 1000000), }");
    expectCtcError(() => readNpy(bytes, { file: "huge.npy" }), "LIMIT_EXCEEDED", "huge.npy", "shape");
  });

  it("lets callers raise or lower the limit", () => {
    const bytes = header("{'descr': '<u2', 'fortran_order': False, 'shape': (4,), }", new Uint8Array(8));
    expectCtcError(() => readNpy(bytes, { maxBytes: 7 }), "LIMIT_EXCEEDED");
    expect(readNpy(bytes, { maxBytes: 8 }).shape).toEqual([4]);
  });

  it("reports truncated data and trailing bytes", () => {
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
    expectCtcError(
      () => readNpy(header(dict, new Uint8Array(15)), { file: "t.npy" }),
      "TRUNCATED_FILE",
      "t.npy",
    );
    expectCtcError(
      () => readNpy(header(dict, new Uint8Array(17)), { file: "t.npy" }),
      "CORRUPT_FILE",
      "t.npy",
    );
    const good = header(dict, new Uint8Array(16));
    for (const cut of [0, 3, 9, 20, good.length - 1]) {
      expectCtcError(
        () => readNpy(good.subarray(0, cut), { file: "c.npy" }),
        cut === 0 ? "CORRUPT_FILE" : "TRUNCATED_FILE",
        "c.npy",
      );
    }
  });

  it.each([
    ["{'descr': '<u2', 'fortran_order': False, 'shape': (2,) ", "CORRUPT_FILE"],
    ["{'descr': '<u2', 'fortran_order': False}", "CORRUPT_FILE"],
    ["{'descr': '<u2', 'fortran_order': 0, 'shape': (2,), }", "CORRUPT_FILE"],
    ["{'descr': '<u2', 'fortran_order': False, 'shape': (-2,), }", "CORRUPT_FILE"],
    ["{'descr': '<u2', 'fortran_order': False, 'shape': (2,), 'x': 1}", "CORRUPT_FILE"],
    ["{'descr': '<u2', 'descr': '<u2', 'fortran_order': False, 'shape': (2,)}", "CORRUPT_FILE"],
    ["__import__('os').system('echo pwned')", "CORRUPT_FILE"],
    ["{'descr': '<u8', 'fortran_order': False, 'shape': (2,), }", "UNSUPPORTED_DTYPE"],
    ["{'descr': '<U3', 'fortran_order': False, 'shape': (2,), }", "UNSUPPORTED_DTYPE"],
    ["{'descr': [('a', '<u2')], 'fortran_order': False, 'shape': (2,), }", "UNSUPPORTED_DTYPE"],
    ["{'descr': '|u2', 'fortran_order': False, 'shape': (2,), }", "UNSUPPORTED_DTYPE"],
  ])("rejects the header %s", (dict, code) => {
    expectCtcError(() => readNpy(header(dict, new Uint8Array(4)), { file: "bad.npy" }), code, "bad.npy");
  });

  it("rejects wrong magic numbers, empty files and unknown versions", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expectCtcError(() => readNpy(png, { file: "a.npy" }), "CORRUPT_FILE", "a.npy", "magic");
    expectCtcError(() => readNpy(new Uint8Array(0), { file: "a.npy" }), "CORRUPT_FILE", "empty");
    const v4 = header("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(4), 4);
    expectCtcError(() => readNpy(v4, { file: "a.npy" }), "UNSUPPORTED_FORMAT", "version");
  });
});
