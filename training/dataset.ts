import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { selectChannels } from "../src/core/channels";
import { CtcError } from "../src/core/errors";
import type { ChannelStack } from "../src/core/stack";
import { arrayToStacks } from "../src/io/array";
import { readNpz } from "../src/io/npz";
import type { TrainingConfig } from "./config";
import { simulateLabelledCells } from "./library";

/** Labelled cells, in memory, as the library's channel stacks. */
export interface LabelledCells {
  /** One raw stack per cell (the model's channels, in order). */
  readonly stacks: readonly ChannelStack[];
  /** Class index per cell. */
  readonly labels: Int32Array;
  /** Class names. */
  readonly classes: readonly string[];
  /** Group (patient, sample) per cell, when the data has groups. */
  readonly groups?: readonly number[];
  /** What the data is, for provenance. */
  readonly description: string;
}

function loadNpz(config: TrainingConfig, configPath: string): LabelledCells {
  if (config.data.kind !== "npz") throw new Error("unreachable");
  const file = resolve(dirname(configPath), config.data.path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new CtcError("IO_ERROR", `cannot read the cells: ${String(cause)}`, { file, cause });
  }
  const arrays = readNpz(bytes, { file, maxBytes: 4 * 1024 ** 3 });
  const x = arrays.get("x");
  const y = arrays.get("y");
  if (x === undefined || y === undefined) {
    throw new CtcError("CORRUPT_FILE", "a cells NPZ needs members x and y", {
      file,
      expected: ["x", "y"],
      actual: [...arrays.keys()],
    });
  }
  const stacks = arrayToStacks(x, { channels: config.data.channels, file });
  const labels = Int32Array.from(y.data as ArrayLike<number>);
  if (labels.length !== stacks.length) {
    throw new CtcError("SHAPE_MISMATCH", "x and y disagree on the number of cells", {
      file,
      expected: stacks.length,
      actual: labels.length,
    });
  }
  const g = arrays.get("groups");
  return {
    stacks,
    labels,
    classes: config.data.classes,
    ...(g !== undefined ? { groups: Array.from(g.data as ArrayLike<number>) } : {}),
    description: config.data.description ?? `cells from ${config.data.path}`,
  };
}

/**
 * Load the cells a configuration names and keep only the model's channels.
 *
 * @param config - training configuration
 * @param configPath - its path (NPZ paths are relative to it)
 * @returns the labelled cells
 * @throws {@link CtcError} `IO_ERROR`, `CORRUPT_FILE`, `SHAPE_MISMATCH`, `MISSING_CHANNEL`
 */
export function loadCells(config: TrainingConfig, configPath: string): LabelledCells {
  const cells = config.data.kind === "npz" ? loadNpz(config, configPath) : simulateLabelledCells(config.data);
  const channels = config.channels;
  if (channels === undefined) return cells;
  return { ...cells, stacks: cells.stacks.map((stack) => selectChannels(stack, channels)) };
}
