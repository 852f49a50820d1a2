/**
 * `@persist/ctc/web`: the core plus the browser edges (onnxruntime-web).
 *
 * @packageDocumentation
 */
export * from "../index";
export * from "./runtime";
