/**
 * Size budgets, in bytes. The tarball is dominated by the default model; the browser core is everything
 * `@persist/ctc/web` exports, minified and gzipped, without onnxruntime-web (the app's own dependency).
 */
export const BUDGETS = {
  tarball: 4 * 1024 * 1024,
  unpacked: 10 * 1024 * 1024,
  browserCoreGzip: 100 * 1024,
} as const;
