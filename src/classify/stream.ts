import { CtcError } from "../core/errors";

/** Cells to classify: an array, any iterable, or an async iterable (a file reader, a network stream). */
export type CellSource<T> = Iterable<T> | AsyncIterable<T>;

/** Progress of a stream: cells finished so far, and the total when the caller gave one. */
export interface Progress {
  /** Cells finished. */
  readonly done: number;
  /** All cells, when known. */
  readonly total?: number;
}

/**
 * Whether a source is async (items arrive when they arrive) rather than a synchronous iterable.
 *
 * @param source - items, sync or async
 * @returns true for an async iterable
 */
export function isAsyncSource<T>(source: CellSource<T>): source is AsyncIterable<T> {
  return Symbol.asyncIterator in source;
}

/**
 * Throw the library's `ABORTED` error when a signal has fired.
 *
 * @param signal - the caller's abort signal, if any
 * @throws {@link CtcError} `ABORTED` carrying the signal's reason as cause
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new CtcError("ABORTED", "classification was cancelled", { cause: signal.reason });
  }
}

/**
 * Group a source into arrays of at most `size` items, pulling only as many as one group needs, so memory
 * stays bounded by the group size however long the source is. The source is closed (its `return`
 * called) when the consumer stops early or an error occurs.
 *
 * @param source - items, sync or async
 * @param size - items per group (>= 1)
 * @param signal - checked before each group is pulled
 * @returns the groups, in source order
 * @throws {@link CtcError} `ABORTED` when the signal fires
 */
export async function* batched<T>(
  source: CellSource<T>,
  size: number,
  signal?: AbortSignal,
): AsyncGenerator<T[], void, undefined> {
  const iterator: Iterator<T> | AsyncIterator<T> = isAsyncSource(source)
    ? source[Symbol.asyncIterator]()
    : source[Symbol.iterator]();
  let finished = false;
  try {
    while (!finished) {
      throwIfAborted(signal);
      const group: T[] = [];
      while (group.length < size) {
        const next = await iterator.next();
        if (next.done) {
          finished = true;
          break;
        }
        group.push(next.value);
      }
      if (group.length > 0) yield group;
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
}
