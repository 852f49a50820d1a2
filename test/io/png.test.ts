import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "fast-png";
import { zlibSync } from "fflate";
import { describe, expect, it } from "vitest";
import { concatBytes } from "../../src/core/bytes";
import { createStack } from "../../src/core/stack";
import { readPng, writePng, writeRgbPng } from "../../src/io/png";
import { expectCtcError, expectedArray, fixtureBytes, fixtures, hasPython, python } from "./fixtures";

describe("readPng against Pillow-written files", () => {
  it.each(fixtures("png"))("$name", (fixture) => {
    const stack = readPng(fixtureBytes(fixture.file!), { file: fixture.file });
    expect([stack.channels.length, stack.height, stack.width]).toEqual(fixture.shape);
    expect(stack.data).toEqual(expectedArray(fixture));
  });
});

describe("writePng", () => {
  it("round-trips 16-bit gray and 8-bit RGBA", () => {
    const gray = createStack(new Uint16Array([0, 1, 65535, 300, 4, 5]), {
      channels: ["gray"],
      height: 2,
      width: 3,
    });
    expect(readPng(writePng(gray)).data).toEqual(gray.data);
    const rgba = createStack(
      new Uint8Array(16).map((_, i) => i * 13),
      { channels: ["red", "green", "blue", "alpha"], height: 2, width: 2 },
    );
    expect(readPng(writePng(rgba))).toEqual(rgba);
  });

  it.skipIf(!hasPython)("writes 16-bit PNGs that Pillow reads", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctc-png-"));
    const path = join(dir, "a.png");
    writeFileSync(
      path,
      writePng(createStack(new Uint16Array([0, 1000, 65535, 7]), { channels: ["g"], height: 2, width: 2 })),
    );
    const out = python(
      "import numpy as np, sys; from PIL import Image; a = np.array(Image.open(sys.argv[1])); print(a.ravel().tolist())",
      path,
    );
    expect(out.trim()).toBe("[0, 1000, 65535, 7]");
  });

  it("encodes RGB composites and checks their size", () => {
    const rgb = { data: new Uint8Array([255, 0, 0, 0, 255, 0]), width: 2, height: 1 };
    expect(readPng(writeRgbPng(rgb)).data).toEqual(new Uint8Array([255, 0, 0, 255, 0, 0]));
    expectCtcError(() => writeRgbPng({ ...rgb, width: 3 }), "SHAPE_MISMATCH");
  });

  it("refuses float stacks and two-channel stacks", () => {
    expectCtcError(
      () => writePng(createStack(new Float32Array(1), { channels: ["a"], height: 1, width: 1 })),
      "UNSUPPORTED_DTYPE",
    );
    expectCtcError(
      () => writePng(createStack(new Uint8Array(2), { channels: ["a", "b"], height: 1, width: 1 })),
      "SHAPE_MISMATCH",
    );
  });
});

describe("readPng on bad input", () => {
  const good = encode({ width: 4, height: 3, data: new Uint8Array(12).fill(9), channels: 1, depth: 8 });

  it("rejects a header claiming 100000 x 100000 pixels before allocating", () => {
    const bytes = good.slice();
    const view = new DataView(bytes.buffer);
    view.setUint32(16, 100000);
    view.setUint32(20, 100000);
    // Keep the CRC valid so the size check, not the CRC check, is what fails.
    const crc = crcOf(bytes.subarray(12, 29));
    view.setUint32(29, crc);
    expectCtcError(() => readPng(bytes, { file: "huge.png" }), "LIMIT_EXCEEDED", "huge.png");
  });

  it("rejects image data that inflates past its declared size", () => {
    const bomb = buildPng(4, 3, zlibSync(new Uint8Array(1_000_000)));
    expectCtcError(() => readPng(bomb, { file: "bomb.png" }), "CORRUPT_FILE", "bomb.png", "more bytes");
  });

  it("reports bad CRCs, truncation, wrong magic and empty files", () => {
    const bad = good.slice();
    bad[bad.length - 20] ^= 0xff;
    expectCtcError(() => readPng(bad, { file: "a.png" }), "CORRUPT_FILE", "a.png", "CRC");
    expectCtcError(
      () => readPng(good.subarray(0, good.length - 5), { file: "a.png" }),
      "TRUNCATED_FILE",
      "a.png",
    );
    expectCtcError(
      () => readPng(fixtureBytes("tiff/uint8_le.tif"), { file: "a.png" }),
      "CORRUPT_FILE",
      "magic",
    );
    expectCtcError(() => readPng(new Uint8Array(0), { file: "a.png" }), "CORRUPT_FILE", "empty");
  });
});

function crcOf(data: Uint8Array): number {
  let crc = -1;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ -1) >>> 0;
}

function buildPng(width: number, height: number, idat: Uint8Array): Uint8Array {
  const chunk = (type: string, body: Uint8Array) => {
    const out = new Uint8Array(12 + body.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, body.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(body, 8);
    view.setUint32(8 + body.length, crcOf(out.subarray(4, 8 + body.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr[8] = 8;
  return concatBytes([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", idat),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
