import { type ChannelStack, createStack } from "../../src/core/index";

/** One synthetic cell for test fields. */
export interface Disc {
  readonly x: number;
  readonly y: number;
  readonly r: number;
  /** Nucleus brightness above background. */
  readonly dapi: number;
  /** Cytokeratin brightness (0 for leukocytes). */
  readonly ck?: number;
  /** CD45 brightness (0 for CTCs). */
  readonly cd45?: number;
}

/** xorshift32: deterministic noise for test fields without Math.random. */
export function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/**
 * A uint16 field with channels DAPI, CK, CD45: flat discs on a tilted background with uniform noise.
 */
export function discField(
  height: number,
  width: number,
  discs: readonly Disc[],
  options: { seed?: number; noise?: number; tilt?: number; pixelSizeUm?: number } = {},
): ChannelStack<Uint16Array> {
  const rand = noise(options.seed ?? 7);
  const amplitude = options.noise ?? 20;
  const tilt = options.tilt ?? 0.2;
  const plane = height * width;
  const data = new Uint16Array(3 * plane);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const base = 200 + tilt * (x + y);
      let dapi = base;
      let ck = 100;
      let cd45 = 100;
      for (const d of discs) {
        const r2 = (x - d.x) ** 2 + (y - d.y) ** 2;
        if (r2 <= d.r * d.r) dapi += d.dapi;
        // Cytoplasm markers fill a ring 1.5x the nucleus radius.
        if (r2 <= (1.5 * d.r) ** 2) {
          ck += d.ck ?? 0;
          cd45 += d.cd45 ?? 0;
        }
      }
      data[i] = Math.round(dapi + amplitude * rand());
      data[plane + i] = Math.round(ck + amplitude * rand());
      data[2 * plane + i] = Math.round(cd45 + amplitude * rand());
    }
  }
  return createStack(data, {
    channels: ["DAPI", "CK", "CD45"],
    height,
    width,
    pixelSizeUm: options.pixelSizeUm ?? 0.64,
  });
}

/** Non-overlapping discs scattered on a jittered grid. */
export function scatteredDiscs(height: number, width: number, spacing: number, seed: number): Disc[] {
  const rand = noise(seed);
  const out: Disc[] = [];
  for (let y = spacing / 2; y < height - spacing / 4; y += spacing) {
    for (let x = spacing / 2; x < width - spacing / 4; x += spacing) {
      const ctc = rand() < 0.3;
      out.push({
        x: x + (rand() - 0.5) * spacing * 0.3,
        y: y + (rand() - 0.5) * spacing * 0.3,
        r: ctc ? 9 + 4 * rand() : 5 + 3 * rand(),
        dapi: 300 + 900 * rand(),
        ck: ctc ? 800 : 0,
        cd45: ctc ? 0 : 800,
      });
    }
  }
  return out;
}
