/**
 * N x C x H x W float32 tensor data ready for ONNX Runtime, with the channel names it was packed with.
 */
export interface Batch {
  /** Values, index `((n * C + c) * H + y) * W + x`. */
  readonly data: Float32Array;
  /** `[N, C, H, W]`. */
  readonly shape: readonly [number, number, number, number];
  /** Channel names, in the order of the C axis. */
  readonly channels: readonly string[];
}
