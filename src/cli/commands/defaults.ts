import { join } from "node:path";
import { packageRoot } from "../package-root";

/**
 * The bundled default model (trained on the simulator; for demonstration, not clinical use).
 *
 * @returns its path
 */
export function defaultModelPath(): string {
  return join(packageRoot(), "models", "default.ctcmodel.zip");
}

/**
 * The bundled sample cells (simulated, with their true labels in `labels.csv`).
 *
 * @returns the folder path
 */
export function sampleCellsPath(): string {
  return join(packageRoot(), "samples", "cells");
}
