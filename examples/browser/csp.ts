/**
 * The app's Content-Security-Policy: no `unsafe-eval` and no inline code. `wasm-unsafe-eval` lets
 * WebAssembly compile (it allows nothing for JavaScript); workers and the ONNX Runtime files come from
 * the app's own origin.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join("; ");

/** Cross-origin isolation, which wasm threads need (SharedArrayBuffer). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};
