import { CtcError } from "../core/errors";
import { writeNpz } from "../io/npz";
import { writeTiff } from "../io/tiff-write";
import type { SynthConfig } from "./config";
import { generateCells, type ManifestRow, manifestCsv, manifestRow } from "./dataset";

/** A file of a dataset: where it goes, relative to the dataset folder, and its bytes. */
export interface DatasetFile {
  /** Relative path, `/`-separated. */
  readonly path: string;
  /** File contents. */
  readonly bytes: Uint8Array;
}

/** Options of {@link datasetFiles}. */
export interface DatasetFilesOptions {
  /** Number of cells. */
  readonly count: number;
  /**
   * "npz": shards `shard-00000.npz` holding `x` (N x C x H x W), `y` (N, 1 = CTC, recorded label) and
   * `mask` (N x H x W); "tiff": one multi-page TIFF per cell, `cells/<index>.tif`, as instrument exports
   * look. Default "npz".
   */
  readonly format?: "npz" | "tiff";
  /** Cells per NPZ shard; default 1024. */
  readonly shardSize?: number;
}

/**
 * The files of a simulated dataset, lazily: data files, then `manifest.csv` (one row per cell with its
 * file and, for NPZ, its row in the shard). Pure: the caller writes the bytes wherever it likes.
 *
 * @param seed - simulation seed
 * @param config - resolved configuration
 * @param options - size, format, shard size
 * @returns a generator of files
 * @throws `CtcError` `INVALID_ARGUMENT` for a bad shard size
 */
export function* datasetFiles(
  seed: number,
  config: SynthConfig,
  options: DatasetFilesOptions,
): Generator<DatasetFile> {
  const { count, format = "npz", shardSize = 1024 } = options;
  if (!Number.isInteger(shardSize) || shardSize < 1) {
    throw new CtcError("INVALID_ARGUMENT", "shard size must be a positive integer", {
      field: "shardSize",
      actual: shardSize,
    });
  }
  const rows: ManifestRow[] = [];
  const where: Record<string, string | number>[] = [];
  const size = config.cropSize;
  const channels = config.channels.length;
  const dtype = config.bitDepth === 8 ? "uint8" : "uint16";
  if (format === "tiff") {
    for (const cell of generateCells(seed, config, { count })) {
      const path = `cells/${String(cell.truth.index).padStart(6, "0")}.tif`;
      yield { path, bytes: writeTiff(cell.stack) };
      rows.push(manifestRow(cell.truth));
      where.push({ file: path, row: 0 });
    }
  } else {
    for (let start = 0; start < count; start += shardSize) {
      const n = Math.min(shardSize, count - start);
      const x =
        config.bitDepth === 8
          ? new Uint8Array(n * channels * size * size)
          : new Uint16Array(n * channels * size * size);
      const y = new Uint8Array(n);
      const mask = new Uint8Array(n * size * size);
      const path = `shard-${String(start / shardSize).padStart(5, "0")}.npz`;
      let k = 0;
      for (const cell of generateCells(seed, config, { start, count: n })) {
        x.set(cell.stack.data, k * channels * size * size);
        mask.set(cell.mask, k * size * size);
        y[k] = cell.truth.label === "CTC" ? 1 : 0;
        rows.push(manifestRow(cell.truth));
        where.push({ file: path, row: k });
        k++;
      }
      yield {
        path,
        bytes: writeNpz({
          x: { data: x, shape: [n, channels, size, size], dtype },
          y: { data: y, shape: [n], dtype: "uint8" },
          mask: { data: mask, shape: [n, size, size], dtype: "uint8" },
        }),
      };
    }
  }
  yield { path: "manifest.csv", bytes: new TextEncoder().encode(manifestCsv(rows, where)) };
}
