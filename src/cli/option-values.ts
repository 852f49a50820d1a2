import { UsageError } from "./exit-codes";

/**
 * A positive integer option.
 *
 * @param value - the option's text, if given
 * @param name - option name for the message
 * @returns the number, or undefined when not given
 * @throws {@link UsageError} when not a positive integer
 */
export function positiveIntegerOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

/**
 * A probability option in [0, 1].
 *
 * @param value - the option's text, if given
 * @param name - option name for the message
 * @returns the number, or undefined when not given
 * @throws {@link UsageError} when outside [0, 1]
 */
export function probabilityOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new UsageError(`--${name} must be a number in [0, 1], got "${value}"`);
  return n;
}

/**
 * Test-time augmentation views: `none`, `flips` (identity and the two mirror images), `all` (the 8
 * dihedral views) or a comma list of view numbers 0..7.
 *
 * @param value - the option's text, if given
 * @returns view numbers, or undefined to use the model's default
 * @throws {@link UsageError} for anything else
 */
export function ttaOption(value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  const named: Record<string, number[]> = { none: [0], flips: [0, 4, 6], all: [0, 1, 2, 3, 4, 5, 6, 7] };
  const text = String(value);
  if (named[text]) return named[text];
  const views = text.split(",").map((v) => Number(v.trim()));
  if (views.length === 0 || views.some((v) => !Number.isInteger(v) || v < 0 || v > 7)) {
    throw new UsageError(`--tta must be none, flips, all or a comma list of views 0..7, got "${text}"`);
  }
  return views;
}

/**
 * A comma-separated list of names.
 *
 * @param value - the option's text, if given
 * @returns the trimmed, non-empty names, or undefined
 */
export function listOption(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return String(value)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * A channel map `NAME=PATTERN,NAME=PATTERN`.
 *
 * @param value - the option's text, if given
 * @returns channel name to file pattern, or undefined
 * @throws {@link UsageError} for an entry without `=`
 */
export function channelMapOption(value: unknown): Record<string, string> | undefined {
  const entries = listOption(value);
  if (entries === undefined) return undefined;
  return Object.fromEntries(
    entries.map((entry) => {
      const at = entry.indexOf("=");
      if (at <= 0 || at === entry.length - 1) {
        throw new UsageError(`--channel-map entries look like DAPI=*_Ch2.tif, got "${entry}"`);
      }
      return [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

/**
 * A seed option: any integer from 0 up to 2^32 - 1 (what the simulator and the augmentation generators take).
 *
 * @param value - the option's text, if given
 * @param name - option name for the message
 * @returns the seed, or undefined when not given
 * @throws {@link UsageError} when not such an integer
 */
export function seedOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new UsageError(`--${name} must be an integer from 0 to 4294967295, got "${value}"`);
  return n;
}

/**
 * An image size option `WIDTHxHEIGHT` (e.g. `2048x1536`).
 *
 * @param value - the option's text, if given
 * @param name - option name for the message
 * @returns width and height, or undefined when not given
 * @throws {@link UsageError} for anything but two positive integers joined by `x`
 */
export function sizeOption(value: unknown, name: string): { width: number; height: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)x(\d+)$/i.exec(String(value).trim());
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < 1 || height < 1)
    throw new UsageError(`--${name} must look like 1024x768 (width x height), got "${value}"`);
  return { width, height };
}

/**
 * A comma list of positive integers (e.g. `--batch 1,16,64` to compare settings).
 *
 * @param value - the option's text, if given
 * @param name - option name for the message
 * @returns the numbers, or undefined when not given
 * @throws {@link UsageError} when an entry is not a positive integer
 */
export function positiveIntegerListOption(value: unknown, name: string): number[] | undefined {
  if (value === undefined) return undefined;
  return String(value)
    .split(",")
    .map((part) => positiveIntegerOption(part.trim(), name) as number);
}

/**
 * A positive number option (e.g. a pixel size in micrometres).
 *
 * @param value - the option's text, if given
 * @param name - option name for the message
 * @returns the number, or undefined when not given
 * @throws {@link UsageError} when not a finite number above 0
 */
export function positiveNumberOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (String(value).trim() === "" || !(n > 0 && Number.isFinite(n)))
    throw new UsageError(`--${name} must be a positive number, got "${value}"`);
  return n;
}
