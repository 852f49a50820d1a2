import type { InferenceSession, Tensor } from "onnxruntime-common";
import { CtcError } from "../core/errors";
import type { OrtRuntime, SessionSettings } from "./runtime";

/**
 * An ONNX Runtime session whose `run` calls are queued one after another. onnxruntime-web rejects a
 * second `run` on a session while one is in flight, so every caller goes through this queue, whatever
 * the backend.
 */
export interface SerialSession {
  /** Names of the graph inputs. */
  readonly inputNames: readonly string[];
  /** Names of the graph outputs. */
  readonly outputNames: readonly string[];
  /** Input names, element types and shapes (symbolic dimensions as strings). */
  readonly inputMetadata: readonly InferenceSession.ValueMetadata[];
  /** Output names, element types and shapes (symbolic dimensions as strings). */
  readonly outputMetadata: readonly InferenceSession.ValueMetadata[];
  /**
   * Run the graph once the previous run has finished.
   *
   * @param feeds - input tensors by name, made with the runtime's own `Tensor`
   * @returns output tensors by name
   * @throws {@link CtcError} `RUNTIME_ERROR` wrapping the runtime's error
   */
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  /**
   * Free the native session after queued runs finish.
   *
   * @returns when released
   */
  release(): Promise<void>;
}

/** The session config entries the library sets; see {@link SessionSettings.sessionConfig} for why. */
const LIBRARY_SESSION_CONFIG: Readonly<Record<string, string>> = { "session.force_spinning_stop": "1" };

/**
 * Check a caller's session config entries: onnxruntime-node takes only strings, and would otherwise
 * fail as if it could not load the model.
 *
 * @param config - the entries, if any
 * @throws {@link CtcError} `INVALID_ARGUMENT` naming the entry whose value is not a string
 */
export function checkSessionConfig(config: SessionSettings["sessionConfig"]): void {
  for (const [key, value] of Object.entries(config ?? {})) {
    if (typeof value !== "string") {
      throw new CtcError("INVALID_ARGUMENT", "session config values must be strings", {
        field: `sessionConfig.${key}`,
        expected: "a string",
        actual: value,
      });
    }
  }
}

/**
 * ONNX Runtime session options from the library's settings.
 *
 * @param settings - threads, optimization level, execution providers, session config entries
 * @returns options for `InferenceSession.create`
 * @throws {@link CtcError} `INVALID_ARGUMENT` as {@link checkSessionConfig}
 */
export function sessionOptions(settings: SessionSettings = {}): InferenceSession.SessionOptions {
  checkSessionConfig(settings.sessionConfig);
  const extra = { ...LIBRARY_SESSION_CONFIG, ...settings.sessionConfig };
  return {
    graphOptimizationLevel: settings.graphOptimizationLevel ?? "all",
    ...(settings.threads !== undefined ? { intraOpNumThreads: settings.threads } : {}),
    ...(settings.executionProviders !== undefined
      ? { executionProviders: [...settings.executionProviders] }
      : {}),
    extra,
  };
}

/**
 * Create a session from ONNX bytes with the injected runtime and wrap it in a run queue.
 *
 * @param ort - the ONNX Runtime namespace
 * @param model - bytes of `model.onnx`
 * @param settings - threads, optimization level, execution providers
 * @returns the serialized session
 * @throws {@link CtcError} `MODEL_INVALID` when the runtime cannot load the graph
 */
export async function createSession(
  ort: OrtRuntime,
  model: Uint8Array,
  settings: SessionSettings = {},
): Promise<SerialSession> {
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(model, sessionOptions(settings));
  } catch (cause) {
    throw new CtcError("MODEL_INVALID", `ONNX Runtime cannot load the model: ${String(cause)}`, {
      field: "model.onnx",
      cause,
    });
  }
  return serialize(session);
}

/**
 * Put a session behind a run queue.
 *
 * @param session - an ONNX Runtime session
 * @returns the same session with queued `run` calls
 */
export function serialize(session: InferenceSession): SerialSession {
  // The tail never rejects, so one failed run does not poison the runs queued after it.
  let tail: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata,
    outputMetadata: session.outputMetadata,
    run: (feeds) =>
      enqueue(async () => {
        try {
          return (await session.run(feeds)) as Record<string, Tensor>;
        } catch (cause) {
          throw new CtcError("RUNTIME_ERROR", `ONNX Runtime failed to run the model: ${String(cause)}`, {
            cause,
          });
        }
      }),
    release: () => enqueue(() => session.release()),
  };
}
