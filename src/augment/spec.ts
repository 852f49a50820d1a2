import { CtcError } from "../core/errors";

/**
 * Reads one JSON pipeline step, checking types and ranges and filling defaults. Every failure is an
 * `INVALID_SPEC` error whose `field` is the full path (`steps[2].degrees`) and whose message names the op,
 * and {@link StepReader.finish} rejects keys that were never read, so a typo never passes silently.
 */
export class StepReader {
  private readonly seen = new Set<string>(["op"]);

  /**
   * @param step - the raw step object
   * @param path - its path in the pipeline, e.g. `steps[2]`
   * @param op - its op name, for messages
   */
  constructor(
    readonly step: Readonly<Record<string, unknown>>,
    readonly path: string,
    readonly op: string,
  ) {}

  /**
   * Throw an `INVALID_SPEC` error about one key of this step.
   *
   * @param key - the key at fault
   * @param message - what is wrong
   * @param expected - what was expected
   * @returns never
   */
  fail(key: string, message: string, expected: unknown): never {
    throw new CtcError("INVALID_SPEC", `step "${this.op}": ${message}`, {
      field: `${this.path}.${key}`,
      expected,
      actual: this.step[key],
    });
  }

  /**
   * The raw value of a key, marked as read (for values another parser checks, like nested steps).
   *
   * @param key - key to read
   * @returns the value as given
   */
  raw(key: string): unknown {
    this.seen.add(key);
    return this.step[key];
  }

  /**
   * A number, checked against bounds.
   *
   * @param key - key to read
   * @param fallback - value when absent
   * @param bounds - inclusive `min`/`max`, and `integer` when only integers are allowed
   * @returns the number
   */
  number(key: string, fallback: number, bounds: NumberBounds = {}): number {
    const value = this.raw(key) ?? fallback;
    this.checkNumber(key, value, bounds);
    return value as number;
  }

  /**
   * An interval `[lo, hi]` with `lo <= hi`, both within bounds.
   *
   * @param key - key to read
   * @param fallback - value when absent
   * @param bounds - inclusive `min`/`max` for both ends, `integer` when only integers are allowed
   * @returns the interval
   */
  range(key: string, fallback: readonly [number, number], bounds: NumberBounds = {}): [number, number] {
    const value = this.raw(key) ?? fallback;
    const expected = `[lo, hi] with ${describeBounds(bounds)} and lo <= hi`;
    if (!Array.isArray(value) || value.length !== 2) this.fail(key, "must be a two-element range", expected);
    this.checkNumber(key, value[0], bounds);
    this.checkNumber(key, value[1], bounds);
    if (value[0] > value[1]) this.fail(key, "range is reversed", expected);
    return [value[0], value[1]];
  }

  /**
   * Two numbers `[x, y]` (per-axis values, unordered), both within bounds.
   *
   * @param key - key to read
   * @param fallback - value when absent
   * @param bounds - inclusive `min`/`max` for both
   * @returns the pair
   */
  pair(key: string, fallback: readonly [number, number], bounds: NumberBounds = {}): [number, number] {
    const value = this.raw(key) ?? fallback;
    if (!Array.isArray(value) || value.length !== 2)
      this.fail(key, "must be a pair [x, y]", describeBounds(bounds));
    this.checkNumber(key, value[0], bounds);
    this.checkNumber(key, value[1], bounds);
    return [value[0], value[1]];
  }

  /**
   * One of a fixed set of strings.
   *
   * @param key - key to read
   * @param choices - allowed values
   * @param fallback - value when absent
   * @returns the chosen value
   */
  choice<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(key) ?? fallback;
    if (!choices.includes(value as T)) this.fail(key, "is not an allowed value", choices);
    return value as T;
  }

  /**
   * A boolean.
   *
   * @param key - key to read
   * @param fallback - value when absent
   * @returns the boolean
   */
  flag(key: string, fallback: boolean): boolean {
    const value = this.raw(key) ?? fallback;
    if (typeof value !== "boolean") this.fail(key, "must be true or false", "boolean");
    return value;
  }

  /**
   * A required channel name.
   *
   * @param key - key to read
   * @returns the name
   */
  channel(key: string): string {
    const value = this.raw(key);
    if (typeof value !== "string" || value.length === 0)
      this.fail(key, "must name a channel", "channel name");
    return value;
  }

  /**
   * An optional list of distinct channel names.
   *
   * @param key - key to read
   * @returns the names, or undefined for "all channels"
   */
  channels(key: string): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const ok =
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((name) => typeof name === "string" && name.length > 0) &&
      new Set(value).size === value.length;
    if (!ok) this.fail(key, "must be a non-empty list of distinct channel names", "string[]");
    return [...(value as string[])];
  }

  /**
   * A list of integers, each within bounds, without repeats.
   *
   * @param key - key to read
   * @param fallback - value when absent
   * @param bounds - inclusive `min`/`max`
   * @returns the list
   */
  integers(key: string, fallback: readonly number[], bounds: NumberBounds): number[] {
    const value = this.raw(key) ?? fallback;
    const expected = `non-empty list of distinct integers with ${describeBounds(bounds)}`;
    if (!Array.isArray(value) || value.length === 0 || new Set(value).size !== value.length) {
      this.fail(key, "must be a list of distinct integers", expected);
    }
    for (const item of value) this.checkNumber(key, item, { ...bounds, integer: true });
    return [...value];
  }

  /**
   * Reject keys that no reader asked for.
   *
   * @throws {@link CtcError} `INVALID_SPEC` naming the first unknown key
   */
  finish(): void {
    for (const key of Object.keys(this.step)) {
      if (!this.seen.has(key)) this.fail(key, `unknown key "${key}"`, [...this.seen]);
    }
  }

  private checkNumber(key: string, value: unknown, bounds: NumberBounds): void {
    const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = bounds;
    const ok =
      typeof value === "number" &&
      Number.isFinite(value) &&
      value >= min &&
      value <= max &&
      (!integer || Number.isInteger(value)) &&
      (bounds.exclusiveMin === undefined || value > bounds.exclusiveMin);
    if (!ok) this.fail(key, "is out of range", describeBounds(bounds));
  }
}

/** Bounds of a numeric spec value. */
export interface NumberBounds {
  /** Smallest allowed value. */
  readonly min?: number;
  /** Values must exceed this. */
  readonly exclusiveMin?: number;
  /** Largest allowed value. */
  readonly max?: number;
  /** Whether only integers are allowed. */
  readonly integer?: boolean;
}

function describeBounds(bounds: NumberBounds): string {
  const parts = [bounds.integer ? "integer" : "finite number"];
  if (bounds.exclusiveMin !== undefined) parts.push(`> ${bounds.exclusiveMin}`);
  if (bounds.min !== undefined) parts.push(`>= ${bounds.min}`);
  if (bounds.max !== undefined) parts.push(`<= ${bounds.max}`);
  return parts.join(", ");
}
