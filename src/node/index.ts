/**
 * `@persist/ctc/node`: the core plus the Node.js edges (file system, onnxruntime-node).
 *
 * @packageDocumentation
 */
export * from "../index";
export { readChannelFiles, readImageFile } from "./files";
export { readFileBytes, readTextFile } from "./read-file";
export * from "./runtime";
