import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readNpz, writeNpz } from "../../src/io/npz";
import { writeZip } from "../../src/io/zip";
import { expectCtcError, expectedArray, fixtureBytes, fixtures, hasPython, python } from "./fixtures";

describe("readNpz against NumPy-written archives", () => {
  it.each(["stored.npz", "deflated.npz"])("%s", (name) => {
    const arrays = readNpz(fixtureBytes(`npz/${name}`), { file: name });
    const members = fixtures("npz-member");
    expect([...arrays.keys()].sort()).toEqual(members.map((m) => m.member).sort());
    for (const member of members) {
      const array = arrays.get(member.member!)!;
      expect(array.shape).toEqual(member.shape);
      expect(array.data).toEqual(expectedArray(member));
    }
  });

  it("caps the decoded size of all members", () => {
    expectCtcError(
      () => readNpz(fixtureBytes("npz/deflated.npz"), { file: "d.npz", maxBytes: 500 }),
      "LIMIT_EXCEEDED",
      "d.npz",
    );
  });

  it("names the member when one is corrupt", () => {
    const zip = writeZip({ "good.npy": new Uint8Array(0), "bad.npy": new Uint8Array([1, 2, 3]) });
    expectCtcError(() => readNpz(zip, { file: "x.npz" }), "CORRUPT_FILE", "x.npz", "good.npy");
  });
});

describe("writeNpz", () => {
  const arrays = {
    cells: {
      data: new Uint16Array([0, 1, 65535, 4, 5, 6, 7, 8]),
      shape: [2, 1, 2, 2],
      dtype: "uint16" as const,
    },
    mask: { data: new Uint8Array([1, 0, 1]), shape: [3], dtype: "bool" as const },
  };

  it.each([false, true])("round-trips (compress %s)", (compress) => {
    const back = readNpz(writeNpz(arrays, { compress }));
    expect(Object.fromEntries(back)).toEqual(arrays);
  });

  it.skipIf(!hasPython)("is loaded by NumPy", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctc-npz-"));
    const path = join(dir, "a.npz");
    writeFileSync(path, writeNpz(arrays, { compress: true }));
    const out = python(
      "import numpy as np, sys; z = np.load(sys.argv[1]); print(sorted(z.files), z['cells'].shape, z['cells'].ravel().tolist(), z['mask'].tolist())",
      path,
    );
    expect(out.trim()).toBe(
      "['cells', 'mask'] (2, 1, 2, 2) [0, 1, 65535, 4, 5, 6, 7, 8] [True, False, True]",
    );
  });
});
