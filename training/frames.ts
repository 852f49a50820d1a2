import type { Writable } from "node:stream";
import type { Batch } from "../src/core/batch";
import { writeNpy } from "../src/io/npy";

/**
 * Writes the streamer's side of the protocol: one JSON line per message, and after a `batch` line its
 * three NPY frames (`x`, `y`, `index`), written with the library's own NPY writer. Waits for the pipe to
 * drain, so a slow trainer holds the streamer back instead of filling memory.
 */
export class FrameWriter {
  /**
   * @param out - the pipe to the trainer (the streamer's stdout)
   */
  constructor(private readonly out: Writable) {}

  private async write(bytes: Uint8Array | string): Promise<void> {
    if (!this.out.write(bytes)) await new Promise<void>((resolve) => this.out.once("drain", resolve));
  }

  /**
   * Send a JSON message.
   *
   * @param message - any JSON-serializable object with a `type`
   */
  async message(message: { type: string } & Record<string, unknown>): Promise<void> {
    await this.write(`${JSON.stringify(message)}\n`);
  }

  /**
   * Send one batch: the header line, then `x` (float32 N x C x H x W), `y` (int32 N), `index` (int32 N).
   *
   * @param batch - the packed inputs
   * @param labels - class index per cell
   * @param indices - dataset index per cell
   */
  async batch(batch: Batch, labels: ArrayLike<number>, indices: ArrayLike<number>): Promise<void> {
    await this.message({ type: "batch", n: batch.shape[0] });
    await this.write(writeNpy({ data: batch.data, shape: batch.shape, dtype: "float32" }));
    await this.write(writeNpy({ data: Int32Array.from(labels), shape: [labels.length], dtype: "int32" }));
    await this.write(writeNpy({ data: Int32Array.from(indices), shape: [indices.length], dtype: "int32" }));
  }
}
