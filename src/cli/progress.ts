/** Where progress is drawn: a writable stream with an optional TTY flag and width. */
export interface ProgressStream {
  /** Whether the stream is a terminal. */
  readonly isTTY?: boolean;
  /** Terminal width in columns. */
  readonly columns?: number;
  /** Write text. */
  write(text: string): unknown;
}

/**
 * A one-line progress bar on stderr that redraws in place on a terminal and stays silent when the
 * output is piped or `--quiet` is given, so logs and CI output are not flooded.
 */
export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly label: string;
  private readonly enabled: boolean;
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  /**
   * @param stream - usually `process.stderr`
   * @param label - what is being counted
   * @param options - `quiet` disables drawing
   */
  constructor(stream: ProgressStream, label: string, options: { quiet?: boolean } = {}) {
    this.stream = stream;
    this.label = label;
    this.enabled = stream.isTTY === true && options.quiet !== true;
  }

  /**
   * Report progress; redraws at most ten times a second.
   *
   * @param done - items finished
   * @param total - items in all, when known
   */
  update(done: number, total?: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && done !== total) return;
    this.lastDraw = now;
    const rate = done / Math.max((now - this.started) / 1000, 1e-3);
    const counts = total === undefined ? `${done}` : `${done}/${total}`;
    const tail = ` ${counts} ${this.label} ${rate.toFixed(0)}/s`;
    let bar = "";
    if (total !== undefined && total > 0) {
      const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - tail.length - 4));
      const filled = Math.round((width * Math.min(done, total)) / total);
      bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
    }
    this.stream.write(`\r${bar}${tail}\x1b[K`);
    this.drawn = true;
  }

  /** Finish the line so later output starts on a fresh one. */
  done(): void {
    if (this.drawn) this.stream.write("\n");
    this.drawn = false;
  }
}
