import { describe, expect, it } from "vitest";
import { isCtcError } from "../../src/core/errors";
import { createStack } from "../../src/core/stack";
import { readNpy, writeNpy } from "../../src/io/npy";
import { readNpz } from "../../src/io/npz";
import { readPng, writePng } from "../../src/io/png";
import { readTiff } from "../../src/io/tiff";
import { writeTiff } from "../../src/io/tiff-write";
import { readZip, writeZip } from "../../src/io/zip";
import { fixtureBytes } from "./fixtures";

/** Inputs per reader; the issue asks for at least 10,000. */
const INPUTS = 10_000;
/** Most milliseconds one input may take: generous, since the machine is shared, but far below a hang. */
const PER_INPUT_MS = 1_000;

/** mulberry32: a small seeded generator, so every run replays the same inputs. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

const EXTREMES = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 100000, 65536];

/** A random input: pure noise, or a seed file mutated by flips, cuts, splices or extreme integers. */
function mutate(seeds: Uint8Array[], random: ReturnType<typeof generator>): Uint8Array {
  const kind = random.int(10);
  if (kind === 0) return Uint8Array.from({ length: random.int(300) }, () => random.int(256));
  const seed = seeds[random.int(seeds.length)];
  if (kind === 1) {
    // Right magic, random rest.
    const out = Uint8Array.from({ length: 8 + random.int(400) }, () => random.int(256));
    out.set(seed.subarray(0, 8));
    return out;
  }
  const out = seed.slice();
  const edits = 1 + random.int(kind === 2 ? 40 : 4);
  for (let e = 0; e < edits; e++) {
    const at = random.int(out.length);
    const choice = random.int(4);
    if (choice === 0) out[at] ^= 1 << random.int(8);
    else if (choice === 1) out[at] = random.int(256);
    else if (out.length - at >= 4) {
      const value = EXTREMES[random.int(EXTREMES.length)];
      new DataView(out.buffer).setUint32(at, value, random.int(2) === 0);
    }
  }
  const cut = random.int(6);
  if (cut === 0) return out.subarray(0, random.int(out.length));
  if (cut === 1) {
    const from = random.int(out.length);
    const out2 = new Uint8Array(out.length + 64);
    out2.set(out.subarray(0, from));
    out2.set(
      Uint8Array.from({ length: 64 }, () => random.int(256)),
      from,
    );
    out2.set(out.subarray(from), from + 64);
    return out2;
  }
  return out;
}

function fuzz(name: string, seeds: Uint8Array[], read: (bytes: Uint8Array) => unknown, seed: number): void {
  const random = generator(seed);
  const escaped: string[] = [];
  let slowest = 0;
  for (let i = 0; i < INPUTS; i++) {
    const input = mutate(seeds, random);
    const start = performance.now();
    try {
      read(input);
    } catch (error) {
      if (!isCtcError(error))
        escaped.push(`input ${i}: ${error instanceof Error ? error.stack : String(error)}`);
      else if (!error.message.includes("fuzz"))
        escaped.push(`input ${i}: error does not name the file: ${error.message}`);
    }
    const elapsed = performance.now() - start;
    slowest = Math.max(slowest, elapsed);
    if (elapsed > PER_INPUT_MS) escaped.push(`input ${i}: took ${elapsed.toFixed(0)} ms`);
    if (escaped.length > 5) break;
  }
  expect(escaped, `${name}: ${escaped.slice(0, 3).join("\n")}`).toEqual([]);
}

const u16 = (n: number) => Uint16Array.from({ length: n }, (_, i) => (i * 40503) & 0xffff);
const small = createStack(u16(2 * 6 * 5), { channels: ["a", "b"], height: 6, width: 5 });

describe("fuzz: only CtcError escapes, each input within a time bound", () => {
  it("readZip", () => {
    const seeds = [
      writeZip({ a: new Uint8Array(300).fill(7), "b/c": new Uint8Array(u16(50).buffer) }),
      writeZip({ x: new Uint8Array(10) }, { level: 0 }),
    ];
    fuzz("zip", seeds, (b) => readZip(b, { file: "fuzz.zip" }), 1);
  });

  it("readNpy", () => {
    const seeds = ["npy/u2_be.npy", "npy/fortran_u2.npy", "npy/version3_i2.npy", "npy/scalar_i4.npy"].map(
      fixtureBytes,
    );
    seeds.push(writeNpy({ data: new Float64Array(6), shape: [2, 3], dtype: "float64" }));
    fuzz("npy", seeds, (b) => readNpy(b, { file: "fuzz.npy" }), 2);
  });

  it("readNpz", () => {
    fuzz(
      "npz",
      [fixtureBytes("npz/stored.npz"), fixtureBytes("npz/deflated.npz")],
      (b) => readNpz(b, { file: "fuzz.npz" }),
      3,
    );
  });

  it("readTiff", () => {
    const seeds = [
      writeTiff(small),
      writeTiff(small, { compress: true }),
      ...[
        "tiled_deflate_u2_be",
        "lzw_uint8",
        "packbits_uint16",
        "bigtiff_u2",
        "separate_f4_be",
        "deflate_predictor_u2",
      ].map((n) => fixtureBytes(`tiff/${n}.tif`)),
    ];
    fuzz("tiff", seeds, (b) => readTiff(b, { file: "fuzz.tif" }), 4);
  });

  it("readPng", () => {
    const seeds = [
      writePng(createStack(u16(30), { channels: ["g"], height: 5, width: 6 })),
      fixtureBytes("png/rgb8.png"),
      fixtureBytes("png/gray8.png"),
    ];
    fuzz("png", seeds, (b) => readPng(b, { file: "fuzz.png" }), 5);
  });
});
