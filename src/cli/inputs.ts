import { readdirSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { CtcError } from "../core/errors";
import type { ChannelStack } from "../core/stack";
import { arrayToStack, arrayToStacks } from "../io/array";
import { type ChannelMap, matchesPattern } from "../io/channel-files";
import { readImage } from "../io/image";
import { type MontageOptions, splitMontage } from "../io/montage";
import { readNpz } from "../io/npz";
import { readChannelFiles } from "../node/files";
import { readFileBytes } from "../node/read-file";
import { UsageError } from "./exit-codes";

/** File types the CLI reads as cells. */
export const CELL_FILE_EXTENSIONS = [".tif", ".tiff", ".png", ".npy", ".npz"] as const;

/** One cell read from an input, with where it came from. */
export interface InputCell {
  /** Stable id: source path relative to the working directory, `#`, index within the source. */
  readonly id: string;
  /** Source path relative to the working directory. */
  readonly source: string;
  /** Index within the source (tile or array index; 0 for single-cell files). */
  readonly index: number;
  /** The cell's pixels. */
  readonly stack: ChannelStack;
}

/** How to turn input files into cells. */
export interface InputOptions {
  /** Working directory for relative paths and ids. */
  readonly cwd: string;
  /** Channel names for files that carry none (NPY, NPZ, PNG, unnamed TIFF pages). */
  readonly channels?: readonly string[];
  /** Per-channel file sets: channel name to file-name pattern, applied in each folder given. */
  readonly channelMap?: ChannelMap;
  /** Split every image as a montage of tiles. */
  readonly montage?: Omit<MontageOptions, "file">;
}

function isCellFile(path: string): boolean {
  return (CELL_FILE_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase());
}

function walk(folder: string, out: string[]): void {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && isCellFile(path)) out.push(path);
  }
}

/**
 * Expand the command line's inputs: files as given, folders recursively (cell file types only, sorted),
 * and `*`/`?` wildcards in the last path segment.
 *
 * @param patterns - files, folders or wildcard patterns
 * @param cwd - working directory
 * @returns absolute paths, in a stable order, without duplicates
 * @throws {@link UsageError} when nothing matches a pattern
 */
export function expandInputs(patterns: readonly string[], cwd: string): string[] {
  const found: string[] = [];
  for (const pattern of patterns) {
    const absolute = resolve(cwd, pattern);
    const name = basename(absolute);
    const before = found.length;
    if (/[*?]/.test(name)) {
      const folder = dirname(absolute);
      let names: string[] = [];
      try {
        names = readdirSync(folder).sort();
      } catch {
        // A missing folder simply matches nothing; reported below.
      }
      for (const n of names) if (matchesPattern(n, name)) found.push(join(folder, n));
    } else {
      let stat: ReturnType<typeof statSync> | undefined;
      try {
        stat = statSync(absolute);
      } catch {
        stat = undefined;
      }
      if (stat?.isDirectory()) walk(absolute, found);
      else if (stat?.isFile()) found.push(absolute);
    }
    if (found.length === before) throw new UsageError(`no input files match "${pattern}"`);
  }
  return [...new Set(found)];
}

async function readFileCells(
  path: string,
  source: string,
  options: InputOptions,
): Promise<{ stack: ChannelStack; index: number }[]> {
  const { channels, channelMap, montage } = options;
  let stacks: ChannelStack[];
  if (channelMap) {
    stacks = [await readChannelFiles(path, channelMap)];
  } else {
    const bytes = await readFileBytes(path);
    if (extname(path).toLowerCase() === ".npz") {
      const arrays = readNpz(bytes, { file: source });
      // Dataset shards keep cells in "x" (N x C x H x W); other archives are read by their first array.
      const x = arrays.get("x") ?? arrays.values().next().value;
      if (x === undefined)
        throw new CtcError("CORRUPT_FILE", "the archive holds no arrays", { file: source });
      stacks =
        x.shape.length === 4
          ? arrayToStacks(x, { channels, file: source })
          : [arrayToStack(x, { channels, file: source })];
    } else {
      stacks = [readImage(bytes, { file: source, channels })];
    }
  }
  if (!montage) return stacks.map((stack, index) => ({ stack, index }));
  // Tiles keep their fill-order index, so ids stay stable whichever padding tiles are dropped.
  return stacks.flatMap((s) =>
    splitMontage(s, { ...montage, file: source }).map((t) => ({ stack: t.stack, index: t.index })),
  );
}

/**
 * Read every cell of the inputs, one file at a time (memory holds one file's cells).
 *
 * @param paths - absolute input paths (see {@link expandInputs}); folders when a channel map is given
 * @param options - channel names, channel map, montage tiling
 * @returns an async iterator of cells with their ids
 */
export async function* readInputCells(
  paths: readonly string[],
  options: InputOptions,
): AsyncGenerator<InputCell> {
  for (const path of paths) {
    const source = relative(options.cwd, path) || basename(path);
    const cells = await readFileCells(path, source, options);
    for (const { stack, index } of cells) yield { id: `${source}#${index}`, source, index, stack };
  }
}
