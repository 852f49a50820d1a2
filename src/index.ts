/**
 * `@persist/ctc`: find circulating tumour cells among leukocytes in multichannel fluorescence images.
 *
 * The core is runtime-agnostic: pure functions over channel stacks, no I/O, no DOM, no ONNX Runtime import.
 * Runtimes are injected; see `@persist/ctc/node` and `@persist/ctc/web`.
 *
 * @packageDocumentation
 */

export * from "./augment/index";
export * from "./classify/index";
export * from "./core/index";
export * from "./detect/index";
export * from "./io/index";
export type { KernelChoice } from "./kernels/instance";
export * from "./metrics/index";
export * from "./preprocess/index";
export * from "./report/index";
