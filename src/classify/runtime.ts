import type { InferenceSession, env as OrtEnv, Tensor as OrtTensor } from "onnxruntime-common";
import type { denseSmallConvolutions } from "./dense-conv";
import type { im2colConvolutions } from "./im2col-conv";
import type { WinogradProducts, winogradConvolutions } from "./winograd-conv";

/**
 * The part of an ONNX Runtime namespace (`import * as ort from "onnxruntime-node"` or
 * `"onnxruntime-web"`) the classifier uses. It is injected, never imported, because each runtime brings
 * its own copy of onnxruntime-common under ESM: a `Tensor` from another copy is rejected by `run`, so
 * tensors are always made with the namespace's own constructor.
 */
export interface OrtRuntime {
  /** Session factory of the runtime. */
  readonly InferenceSession: {
    /** Create a session from a model (path, URL or bytes) and session options. */
    readonly create: typeof InferenceSession.create;
  };
  /** Tensor constructor of the runtime. */
  readonly Tensor: typeof OrtTensor;
  /** Global settings of the runtime (wasm paths, thread counts, log level). */
  readonly env: typeof OrtEnv;
}

/** Graph optimization levels of ONNX Runtime. */
export type GraphOptimizationLevel = "disabled" | "basic" | "extended" | "layout" | "all";

/** Execution provider, by name or with its options, as ONNX Runtime takes it. */
export type ExecutionProvider = InferenceSession.ExecutionProviderConfig;

/** Session settings a caller may choose; anything unset keeps ONNX Runtime's default. */
export interface SessionSettings {
  /** Threads inside one operator (`intraOpNumThreads`); ignored by onnxruntime-web, which uses `env.wasm.numThreads`. */
  readonly threads?: number;
  /** Graph optimization level; default `"all"`. */
  readonly graphOptimizationLevel?: GraphOptimizationLevel;
  /** Execution providers in order of preference, e.g. `["cpu"]`, `["webgpu", "wasm"]`. */
  readonly executionProviders?: readonly ExecutionProvider[];
  /**
   * ONNX Runtime session config entries (its `extra` session option; keys such as
   * `"session.intra_op.allow_spinning"`), laid over the one the library sets:
   * `"session.force_spinning_stop": "1"`. Without it, a session's intra-op threads keep spinning for tens
   * of milliseconds after each run, on cores the next session then lacks: on a 2-core machine with two
   * threads, an ensemble of two ResNet-18s ran at 0.46-0.77x the speed it has with the entry, and a
   * session run right after another one at 0.78-0.84x. One session on its own runs as fast either way.
   * Set it to `"0"` to keep ONNX Runtime's default.
   */
  readonly sessionConfig?: Readonly<Record<string, string>>;
  /**
   * Rewrite convolutions on feature maps of a few pixels as matrix products for the model's fixed input
   * size ({@link denseSmallConvolutions}): about 1.1-1.2x faster for ResNet-18 at 64 x 64 in batches
   * (1.5x on onnxruntime-web), about 5% slower one cell at a time. The folded matrices hold
   * C*h*w*O*ho*wo floats each: 16 MB for each of the three rewritten ResNet-18 convolutions at 64 x 64,
   * against 9 MB for their kernels. Default: on, except for batches of one cell (the classifier's batch
   * size, or a graph fixed at one) and where the optimization level is `"disabled"` (the runtime would
   * then rebuild the matrices on every run).
   */
  readonly denseSmallConvolutions?: boolean;
  /**
   * Rewrite 3 x 3, stride-1 convolutions with about 96 channels or more as Winograd convolutions for the
   * model's fixed input size ({@link winogradConvolutions}): ResNet-18 in batches about 1.35-1.4x faster
   * on onnxruntime-node with one thread (stages 2 to 4 at 96 x 96, on top of the dense rewrite at
   * 64 x 64), less with two, and about 2x on onnxruntime-web; 20-25% slower one cell at a time. The
   * folded weights take (m + 2)^2 / 9 times their kernels (2.8-4x), and the process holds more memory
   * after loading (ResNet-18 at 96 x 96: 150-175 MB more resident memory,
   * `bench/classify/REWRITE-MEMORY.md`). With `threads: 1` each tile point gets its own matrix
   * product; otherwise the points of each map share one batched product, which splits across threads
   * better ({@link WinogradProducts}). Default: on, with the same exceptions as
   * `denseSmallConvolutions`.
   */
  readonly winogradConvolutions?: boolean;
  /**
   * Rewrite the convolutions left whose output maps have at most 3 x 3 pixels as one matrix product over
   * gathered patches ({@link im2colConvolutions}): ResNet-18 in batches 4-9% faster with one thread and
   * 3-7% with two (its last stride-2 convolution). The weights take no more memory than the kernels.
   * Default: on, with the same exceptions as `denseSmallConvolutions`.
   */
  readonly im2colConvolutions?: boolean;
}
