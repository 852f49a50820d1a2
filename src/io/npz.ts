import type { NdArray } from "./array";
import { DEFAULT_MAX_BYTES, type ReadOptions, resolveLimit } from "./limits";
import { readNpy, writeNpy } from "./npy";
import { readZip, writeZip } from "./zip";

/** Options for {@link writeNpz}. */
export interface WriteNpzOptions {
  /** Deflate the members, as `np.savez_compressed` does; default false (stored, as `np.savez`). */
  readonly compress?: boolean;
}

/**
 * Read a NumPy `.npz` archive (stored or deflated, as `np.savez` and `np.savez_compressed` write them).
 * Members are named without their `.npy` suffix, as `np.load` names them; members that are not `.npy`
 * files are not arrays and are left out. The archive is read with {@link readZip}'s safety checks.
 *
 * @param bytes - file contents
 * @param options - file name for errors; `maxBytes` caps the decoded size of all members together
 * (default {@link DEFAULT_MAX_BYTES})
 * @returns member name to array, in archive order
 * @throws {@link CtcError} as {@link readZip} and {@link readNpy} do, naming the file and the member
 */
export function readNpz(bytes: Uint8Array, options: ReadOptions = {}): Map<string, NdArray> {
  const { file } = options;
  const limit = resolveLimit(file, options.maxBytes, DEFAULT_MAX_BYTES);
  const members = readZip(bytes, { file, maxEntryBytes: limit, maxTotalBytes: limit });
  const out = new Map<string, NdArray>();
  for (const [name, data] of members) {
    if (!name.endsWith(".npy")) continue;
    out.set(name.slice(0, -4), readNpy(data, { file: `${file ?? "npz"}:${name}`, maxBytes: limit }));
  }
  return out;
}

/**
 * Write arrays as a NumPy `.npz` archive that `np.load` reads and {@link readNpz} round-trips.
 *
 * @param arrays - member name (without `.npy`) to array, in the order to write
 * @param options - whether to deflate the members
 * @returns the archive bytes
 * @throws {@link CtcError} as {@link writeNpy} and {@link writeZip} do
 */
export function writeNpz(
  arrays: ReadonlyMap<string, NdArray> | Readonly<Record<string, NdArray>>,
  options: WriteNpzOptions = {},
): Uint8Array {
  const list = arrays instanceof Map ? [...arrays] : Object.entries(arrays);
  const entries = new Map(list.map(([name, array]) => [`${name}.npy`, writeNpy(array)] as const));
  return writeZip(entries, { level: options.compress ? 6 : 0 });
}
