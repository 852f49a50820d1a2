import { CtcError } from "../core/errors";
import type {
  ChannelStatistics,
  DatasetStatistics,
  PadMode,
  PreprocessSpec,
  PreprocessStep,
  ResizeMode,
  StatisticsMode,
} from "./spec";

type Json = Record<string, unknown>;

function fail(field: string, message: string, expected: unknown, actual: unknown): never {
  throw new CtcError("INVALID_SPEC", message, { field, expected, actual });
}

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: unknown, field: string): Json {
  if (!isRecord(value)) fail(field, "must be an object", "object", value);
  return value;
}

/** Require some keys and reject unknown ones; `field` is the object's path, empty at the top level. */
function onlyKeys(
  value: Json,
  field: string,
  required: readonly string[],
  optional: readonly string[],
): void {
  const path = (key: string): string => (field === "" ? key : `${field}.${key}`);
  for (const key of required) {
    if (!Object.hasOwn(value, key)) fail(path(key), "is required", "a value", undefined);
  }
  for (const key of Object.keys(value)) {
    if (!required.includes(key) && !optional.includes(key)) {
      fail(path(key), "is not a known field", [...required, ...optional], key);
    }
  }
}

function finite(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    fail(field, "must be a finite number", "number", value);
  return value;
}

function inRange(value: unknown, field: string, lo: number, hi: number, bounds: string): number {
  const v = finite(value, field);
  const lowOk = bounds[0] === "[" ? v >= lo : v > lo;
  const highOk = bounds[1] === "]" ? v <= hi : v < hi;
  if (!(lowOk && highOk)) fail(field, "is out of range", `${bounds[0]}${lo}, ${hi}${bounds[1]}`, v);
  return v;
}

function integer(value: unknown, field: string, lo: number, hi: number): number {
  const v = finite(value, field);
  if (!Number.isInteger(v) || v < lo || v > hi)
    fail(field, "must be an integer in range", `[${lo}, ${hi}]`, v);
  return v;
}

function oneOf<T extends string>(value: unknown, field: string, options: readonly T[]): T {
  if (!options.includes(value as T)) fail(field, "is not one of the allowed values", options, value);
  return value as T;
}

function perChannel(
  value: unknown,
  field: string,
  channels: number,
  check: (v: unknown, f: string) => number,
): number | number[] {
  if (!Array.isArray(value)) return check(value, field);
  if (value.length !== channels)
    fail(field, "needs one value per channel, or a single number", channels, value.length);
  return value.map((v, i) => check(v, `${field}[${i}]`));
}

const MODES: readonly StatisticsMode[] = ["per_sample", "per_dataset"];
const RESIZE_MODES: readonly ResizeMode[] = ["nearest", "bilinear", "area"];
const PAD_MODES: readonly PadMode[] = ["constant", "edge", "reflect"];
/** bioimage.io's bounds for eps: positive (so flat channels stay finite) and at most 0.1. */
const eps = (value: unknown, field: string): number | undefined =>
  value === undefined ? undefined : inRange(value, field, 0, 0.1, "(]");
const nonNegative = (value: unknown, field: string): number =>
  inRange(value, field, 0, Number.MAX_VALUE, "[]");
const size = (value: unknown, field: string): number => integer(value, field, 1, 65536);

/** Drop optional fields that were not given, so a validated spec serializes as it was written. */
function compact<T extends object>(step: T): T {
  return Object.fromEntries(Object.entries(step).filter(([, v]) => v !== undefined)) as T;
}

function validateStep(value: unknown, field: string, channels: number): PreprocessStep {
  const step = record(value, field);
  const op = oneOf(step.op, `${field}.op`, [
    "scale_range",
    "zero_mean_unit_variance",
    "fixed_zero_mean_unit_variance",
    "scale_linear",
    "clip",
    "scale_bit_depth",
    "resize",
    "center_crop",
    "pad",
  ] as const);
  const f = (key: string): string => `${field}.${key}`;
  switch (op) {
    case "scale_range": {
      onlyKeys(step, field, ["op", "mode", "min_percentile", "max_percentile"], ["eps"]);
      const min = inRange(step.min_percentile, f("min_percentile"), 0, 100, "[)");
      const max = inRange(step.max_percentile, f("max_percentile"), 0, 100, "(]");
      if (min >= max) fail(f("max_percentile"), "must exceed min_percentile", `> ${min}`, max);
      return compact({
        op,
        mode: oneOf(step.mode, f("mode"), MODES),
        min_percentile: min,
        max_percentile: max,
        eps: eps(step.eps, f("eps")),
      });
    }
    case "zero_mean_unit_variance":
      onlyKeys(step, field, ["op", "mode"], ["eps"]);
      return compact({ op, mode: oneOf(step.mode, f("mode"), MODES), eps: eps(step.eps, f("eps")) });
    case "fixed_zero_mean_unit_variance":
      onlyKeys(step, field, ["op", "mean", "std"], ["eps"]);
      return compact({
        op,
        mean: perChannel(step.mean, f("mean"), channels, finite),
        std: perChannel(step.std, f("std"), channels, nonNegative),
        eps: eps(step.eps, f("eps")),
      });
    case "scale_linear":
      onlyKeys(step, field, ["op"], ["gain", "offset"]);
      return compact({
        op,
        gain: step.gain === undefined ? undefined : perChannel(step.gain, f("gain"), channels, finite),
        offset:
          step.offset === undefined ? undefined : perChannel(step.offset, f("offset"), channels, finite),
      });
    case "clip": {
      onlyKeys(step, field, ["op", "min", "max"], []);
      const min = finite(step.min, f("min"));
      const max = finite(step.max, f("max"));
      if (min > max) fail(f("max"), "must not be below min", `>= ${min}`, max);
      return { op, min, max };
    }
    case "scale_bit_depth":
      onlyKeys(step, field, ["op", "bits"], []);
      return { op, bits: integer(step.bits, f("bits"), 1, 32) };
    case "resize":
      onlyKeys(step, field, ["op", "height", "width", "mode"], []);
      return {
        op,
        height: size(step.height, f("height")),
        width: size(step.width, f("width")),
        mode: oneOf(step.mode, f("mode"), RESIZE_MODES),
      };
    case "center_crop":
      onlyKeys(step, field, ["op", "height", "width"], []);
      return { op, height: size(step.height, f("height")), width: size(step.width, f("width")) };
    case "pad":
      onlyKeys(step, field, ["op", "height", "width", "mode"], ["value"]);
      return compact({
        op,
        height: size(step.height, f("height")),
        width: size(step.width, f("width")),
        mode: oneOf(step.mode, f("mode"), PAD_MODES),
        value: step.value === undefined ? undefined : finite(step.value, f("value")),
      });
  }
}

function validateChannelStatistics(value: unknown, field: string): ChannelStatistics {
  const channel = record(value, field);
  onlyKeys(channel, field, ["count", "mean", "std", "min", "max", "percentiles"], []);
  const table = record(channel.percentiles, `${field}.percentiles`);
  const percentiles: Record<string, number> = {};
  for (const [key, v] of Object.entries(table)) {
    const q = Number(key);
    if (!(key !== "" && String(q) === key && q >= 0 && q <= 100)) {
      fail(
        `${field}.percentiles`,
        "keys must be percentiles in [0, 100] written as String(q)",
        '"99.8"',
        key,
      );
    }
    percentiles[key] = finite(v, `${field}.percentiles.${key}`);
  }
  return {
    count: integer(channel.count, `${field}.count`, 0, Number.MAX_SAFE_INTEGER),
    mean: finite(channel.mean, `${field}.mean`),
    std: nonNegative(channel.std, `${field}.std`),
    min: finite(channel.min, `${field}.min`),
    max: finite(channel.max, `${field}.max`),
    percentiles,
  };
}

function validateStatistics(value: unknown): DatasetStatistics {
  const statistics = record(value, "statistics");
  onlyKeys(statistics, "statistics", ["version", "images", "channels"], []);
  if (statistics.version !== 1) fail("statistics.version", "unsupported version", 1, statistics.version);
  const channels: Record<string, ChannelStatistics> = {};
  for (const [name, channel] of Object.entries(record(statistics.channels, "statistics.channels"))) {
    channels[name] = validateChannelStatistics(channel, `statistics.channels.${name}`);
  }
  return {
    version: 1,
    images: integer(statistics.images, "statistics.images", 0, Number.MAX_SAFE_INTEGER),
    channels,
  };
}

/** Every channel a per_dataset step reads must be in the statistics, with every percentile it needs. */
function checkDatasetInputs(
  step: PreprocessStep,
  field: string,
  channels: readonly string[],
  statistics: DatasetStatistics | undefined,
): void {
  if (!("mode" in step) || step.mode !== "per_dataset") return;
  if (statistics === undefined) {
    fail(
      "statistics",
      `${field} is per_dataset but the spec has no statistics`,
      "DatasetStatistics",
      undefined,
    );
  }
  for (const name of channels) {
    if (!Object.hasOwn(statistics.channels, name)) {
      throw new CtcError("MISSING_CHANNEL", `${field} reads channel "${name}", absent from the statistics`, {
        channel: name,
        field: "statistics.channels",
        expected: name,
        actual: Object.keys(statistics.channels),
      });
    }
    if (step.op !== "scale_range") continue;
    const channel = statistics.channels[name];
    for (const [key, q] of [
      ["min_percentile", step.min_percentile],
      ["max_percentile", step.max_percentile],
    ] as const) {
      if (!Object.hasOwn(channel.percentiles, String(q))) {
        fail(
          `${field}.${key}`,
          `statistics of channel "${name}" lack percentile ${q}`,
          String(q),
          Object.keys(channel.percentiles),
        );
      }
    }
  }
}

/**
 * Check a preprocessing spec read from JSON and return a clean, typed copy. Unknown fields and ops are
 * rejected rather than ignored, so a typo cannot silently change what a model is fed; per-dataset steps
 * are checked against the statistics up front, before any image is processed.
 *
 * @param json - parsed JSON (anything)
 * @returns the spec, holding only known fields
 * @throws {@link CtcError} `INVALID_SPEC` naming the field (e.g. `steps[2].eps`), what was expected and
 * what was found; `MISSING_CHANNEL` when a per_dataset step needs a channel the statistics lack
 * @example
 * ```ts
 * const spec = validatePreprocessSpec(JSON.parse(text));
 * ```
 */
export function validatePreprocessSpec(json: unknown): PreprocessSpec {
  const spec = record(json, "spec");
  onlyKeys(spec, "", ["version", "channels", "steps"], ["statistics"]);
  if (spec.version !== 1) fail("version", "unsupported spec version", 1, spec.version);
  const { channels } = spec;
  if (!Array.isArray(channels) || channels.length === 0) {
    fail("channels", "must be a non-empty list of channel names", "string[]", channels);
  }
  channels.forEach((name, i) => {
    if (typeof name !== "string" || name.length === 0)
      fail(`channels[${i}]`, "must be a non-empty string", "string", name);
    if (channels.indexOf(name) !== i) fail(`channels[${i}]`, "appears twice", "unique names", name);
  });
  if (!Array.isArray(spec.steps)) fail("steps", "must be a list", "array", spec.steps);
  const steps = spec.steps.map((step, i) => validateStep(step, `steps[${i}]`, channels.length));
  const statistics = spec.statistics === undefined ? undefined : validateStatistics(spec.statistics);
  steps.forEach((step, i) => {
    checkDatasetInputs(step, `steps[${i}]`, channels, statistics);
  });
  return { version: 1, channels: [...channels], steps, ...(statistics && { statistics }) };
}
