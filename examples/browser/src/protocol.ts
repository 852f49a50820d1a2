/** Messages between the page and the inference worker. */

/** Execution providers the page may ask for; `auto` is WebGPU when the browser has it, else wasm. */
export type Backend = "auto" | "wasm" | "webgpu";

/** A file as the page read it. */
export interface InputFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

/** Page to worker. */
export type Request =
  | {
      readonly type: "init";
      readonly wasmPrefix: string;
      readonly backend: Backend;
      readonly threads?: number;
    }
  | { readonly type: "model"; readonly name: string; readonly bytes: ArrayBuffer }
  | {
      readonly type: "classify";
      readonly files: readonly InputFile[];
      /** Skip the gallery thumbnails (the benchmark times classification alone). */
      readonly thumbnails: boolean;
    };

/** One classified cell, with an RGBA thumbnail for the gallery. */
export interface CellResult {
  readonly name: string;
  readonly label: string;
  readonly positive: boolean;
  readonly positiveProbability: number;
  readonly probabilities: readonly number[];
  /** Set when the file's channels were unnamed and took the model's names in order. */
  readonly renamed: boolean;
  /** The thumbnail, absent when not asked for. */
  readonly thumbnail?: { readonly width: number; readonly height: number; readonly rgba: ArrayBuffer };
}

/** Worker to page. */
export type Reply =
  | {
      readonly type: "ready";
      readonly providers: readonly string[];
      readonly threads: number;
      readonly isolated: boolean;
    }
  | {
      readonly type: "model";
      readonly name: string;
      readonly version: string;
      readonly classes: readonly string[];
      readonly channels: readonly string[];
      readonly threshold: number;
    }
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "cells"; readonly cells: readonly CellResult[] }
  | { readonly type: "skipped"; readonly name: string; readonly message: string }
  | { readonly type: "done"; readonly count: number; readonly milliseconds: number }
  | { readonly type: "error"; readonly message: string };
