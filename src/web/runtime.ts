import { type ModelBundle, type ReadBundleOptions, readBundle } from "../classify/bundle";
import { type Classifier, type ClassifierOptions, createClassifier } from "../classify/classifier";
import type { ExecutionProvider, OrtRuntime } from "../classify/runtime";
import { CtcError } from "../core/errors";

/** Options for {@link configureWebRuntime} and {@link loadWebRuntime}. */
export interface WebRuntimeOptions {
  /**
   * Where the `ort-wasm-*.wasm` / `.mjs` files are served: a URL prefix or per-file URLs. Set it to serve
   * them from the app itself (offline, no CDN); default: next to the onnxruntime-web script.
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /**
   * Wasm threads. Default: up to 4 when the page is cross-origin isolated (threads need
   * SharedArrayBuffer), else 1.
   */
  readonly threads?: number;
}

/** Options for {@link createWebClassifier}. */
export interface WebClassifierOptions extends ClassifierOptions, WebRuntimeOptions, ReadBundleOptions {
  /** The runtime namespace; default: `onnxruntime-web`, imported on first use. */
  readonly ort?: OrtRuntime;
  /** Fetch implementation for bundle URLs; default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Cancels bundle downloads. */
  readonly signal?: AbortSignal;
}

/**
 * Execution providers to try, best first: WebGPU when the browser has it, wasm always (the fallback
 * ONNX Runtime uses when WebGPU fails to initialise).
 *
 * @returns provider names
 */
export function defaultWebProviders(): ExecutionProvider[] {
  const hasGpu = typeof navigator !== "undefined" && "gpu" in navigator && navigator.gpu !== undefined;
  return hasGpu ? ["webgpu", "wasm"] : ["wasm"];
}

/**
 * Set onnxruntime-web's global wasm settings: threads (only when cross-origin isolated, since
 * threads need SharedArrayBuffer) and the wasm file location. SIMD is detected by onnxruntime-web.
 *
 * @param ort - the onnxruntime-web namespace
 * @param options - wasm paths and threads
 * @returns the same namespace, configured
 */
export function configureWebRuntime(ort: OrtRuntime, options: WebRuntimeOptions = {}): OrtRuntime {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = typeof navigator !== "undefined" ? (navigator.hardwareConcurrency ?? 1) : 1;
  ort.env.wasm.numThreads = options.threads ?? (isolated ? Math.min(4, cores) : 1);
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths as string;
  return ort;
}

/**
 * Import and configure onnxruntime-web. It is an optional peer dependency, imported only when needed.
 *
 * @param options - wasm paths and threads
 * @returns the configured namespace
 * @throws {@link CtcError} `RUNTIME_ERROR` when onnxruntime-web is not installed
 */
export async function loadWebRuntime(options: WebRuntimeOptions = {}): Promise<OrtRuntime> {
  let ort: OrtRuntime;
  try {
    ort = (await import("onnxruntime-web")) as unknown as OrtRuntime;
  } catch (cause) {
    throw new CtcError("RUNTIME_ERROR", "onnxruntime-web is not installed (npm install onnxruntime-web)", {
      cause,
    });
  }
  return configureWebRuntime(ort, options);
}

/**
 * Download and read a zipped bundle.
 *
 * @param url - where the bundle is served
 * @param options - fetch implementation, abort signal, zip limits
 * @returns the validated bundle
 * @throws {@link CtcError} `IO_ERROR` on a network or HTTP error, and {@link readBundle}'s errors
 */
export async function fetchBundle(
  url: string | URL,
  options: ReadBundleOptions & { readonly fetch?: typeof fetch; readonly signal?: AbortSignal } = {},
): Promise<ModelBundle> {
  const file = options.file ?? String(url);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { signal: options.signal });
  } catch (cause) {
    throw new CtcError("IO_ERROR", `cannot download the bundle: ${String(cause)}`, { file, cause });
  }
  if (!response.ok) {
    throw new CtcError("IO_ERROR", "cannot download the bundle", {
      file,
      expected: "HTTP 2xx",
      actual: response.status,
    });
  }
  return readBundle(new Uint8Array(await response.arrayBuffer()), { ...options, file });
}

/**
 * A classifier on onnxruntime-web: WebGPU when present, else wasm (threads and SIMD where the page
 * allows). Several models make an ensemble.
 *
 * @param models - a bundle or a bundle URL, or a list of them
 * @param options - runtime, wasm paths, threads, session settings, batch size, TTA, threshold
 * @returns the classifier
 * @throws {@link CtcError} as {@link fetchBundle} and {@link createClassifier}
 * @example
 * ```ts
 * const classifier = await createWebClassifier("/models/ctc.zip", { wasmPaths: "/ort/" });
 * ```
 */
export async function createWebClassifier(
  models: string | URL | ModelBundle | readonly (string | URL | ModelBundle)[],
  options: WebClassifierOptions = {},
): Promise<Classifier> {
  const list = Array.isArray(models)
    ? (models as readonly (string | URL | ModelBundle)[])
    : [models as string | URL | ModelBundle];
  const bundles = await Promise.all(
    list.map((m) => (typeof m === "string" || m instanceof URL ? fetchBundle(m, options) : m)),
  );
  const ort =
    options.ort !== undefined ? configureWebRuntime(options.ort, options) : await loadWebRuntime(options);
  return createClassifier(ort, bundles, { executionProviders: defaultWebProviders(), ...options });
}
