import { CtcError } from "../core/errors";
import { readZip, writeZip, type ZipLimits } from "../io/zip";
import { type BioimageioOptions, bioimageioRdfName, readBioimageio } from "./bioimageio";
import { MODEL_CARD_FORMAT, MODEL_CARD_VERSION, type ModelCard, validateModelCard } from "./bundle-schema";
import { sha256Hex } from "./sha256";

/** A model ready to load: the ONNX bytes and their validated card. */
export interface ModelBundle {
  /** The validated `model.json`. */
  readonly card: ModelCard;
  /** Bytes of `model.onnx`. */
  readonly model: Uint8Array;
}

/** Options for {@link readBundle} and {@link bundleFromParts}. */
export interface ReadBundleOptions extends ZipLimits {
  /** Name of the bundle for error messages. */
  readonly file?: string;
  /** Channel and class names, threshold and statistics for a bioimage.io package (ignored otherwise). */
  readonly bioimageio?: BioimageioOptions;
}

/** A model card before writing: {@link writeBundle} fills in `format`, `formatVersion` and `sha256`. */
export type ModelCardInit = Omit<ModelCard, "format" | "formatVersion" | "sha256">;

/** Options for {@link writeBundle}. */
export interface WriteBundleOptions {
  /** DEFLATE level for the archive, 0 (store) to 9; default 6. */
  readonly level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

const decoder = new TextDecoder();

function parseJson(bytes: Uint8Array | string, file: string | undefined): unknown {
  try {
    return JSON.parse(typeof bytes === "string" ? bytes : decoder.decode(bytes));
  } catch (cause) {
    throw new CtcError("INVALID_SPEC", `model.json is not valid JSON: ${String(cause)}`, {
      file: file ?? "model.json",
      cause,
    });
  }
}

/**
 * Check that `model.onnx` is the file the card was written for.
 *
 * @param model - bytes of `model.onnx`
 * @param card - its card
 * @param file - bundle name for the error
 * @returns when the digest matches
 * @throws {@link CtcError} `MODEL_INVALID` naming both digests
 */
async function verifyDigest(model: Uint8Array, card: ModelCard, file: string | undefined): Promise<void> {
  if (card.sha256 === undefined) return;
  const actual = await sha256Hex(model);
  if (actual !== card.sha256) {
    throw new CtcError("MODEL_INVALID", "model.onnx does not match the sha256 in model.json", {
      file,
      field: "sha256",
      expected: card.sha256,
      actual,
    });
  }
}

/**
 * A bundle from a bare ONNX file and its JSON card (the unzipped form). The digest is checked when the
 * card has one.
 *
 * @param model - bytes of the `.onnx` file
 * @param card - the card: parsed JSON, JSON text, or JSON bytes
 * @param options - name for error messages
 * @returns the validated bundle
 * @throws {@link CtcError} `INVALID_SPEC` naming the bad field, `MODEL_INVALID` on a digest mismatch
 */
export async function bundleFromParts(
  model: Uint8Array,
  card: unknown,
  options: ReadBundleOptions = {},
): Promise<ModelBundle> {
  const json = card instanceof Uint8Array || typeof card === "string" ? parseJson(card, options.file) : card;
  const validated = validateModelCard(json);
  await verifyDigest(model, validated, options.file);
  return { card: validated, model };
}

/**
 * Read a zipped bundle (`model.onnx` + `model.json`); the digest is required and checked. A bioimage.io
 * model package (`bioimageio.yaml` or `rdf.yaml`, ONNX weights) is read into an equivalent bundle by
 * {@link readBioimageio}; its self-check needs a runtime, see `selfCheckBioimageio`.
 *
 * @param bytes - the zip archive
 * @param options - name for error messages, zip safety limits, choices for a bioimage.io package
 * @returns the validated bundle
 * @throws {@link CtcError} `MODEL_INVALID` when an entry or the digest is missing or wrong,
 * `INVALID_SPEC` for a bad card, {@link readBioimageio}'s errors for a bioimage.io package, and the zip
 * reader's errors for a damaged archive
 */
export async function readBundle(bytes: Uint8Array, options: ReadBundleOptions = {}): Promise<ModelBundle> {
  const entries = readZip(bytes, options);
  const json = entries.get("model.json");
  const model = entries.get("model.onnx");
  if (json === undefined || model === undefined) {
    if (bioimageioRdfName(entries) !== undefined) {
      return readBioimageio(entries, { ...options.bioimageio, file: options.file });
    }
    throw new CtcError("MODEL_INVALID", "bundle lacks model.onnx or model.json", {
      file: options.file,
      expected: ["model.onnx", "model.json"],
      actual: [...entries.keys()],
    });
  }
  const card = validateModelCard(parseJson(json, options.file));
  if (card.sha256 === undefined) {
    throw new CtcError("MODEL_INVALID", "a zipped bundle must carry the sha256 of model.onnx", {
      file: options.file,
      field: "sha256",
      expected: "64 hex digits",
      actual: undefined,
    });
  }
  await verifyDigest(model, card, options.file);
  return { card, model };
}

/**
 * Write a bundle: computes the digest, validates the complete card, zips `model.json` and `model.onnx`.
 * The output is deterministic (same inputs, same bytes).
 *
 * @param model - bytes of `model.onnx`
 * @param card - the card without `format`, `formatVersion` and `sha256`
 * @param options - compression level
 * @returns the zip archive
 * @throws {@link CtcError} `INVALID_SPEC` naming the bad field
 */
export async function writeBundle(
  model: Uint8Array,
  card: ModelCardInit,
  options: WriteBundleOptions = {},
): Promise<Uint8Array> {
  const full = validateModelCard({
    ...card,
    format: MODEL_CARD_FORMAT,
    formatVersion: MODEL_CARD_VERSION,
    sha256: await sha256Hex(model),
  });
  const json = new TextEncoder().encode(`${JSON.stringify(full, null, 2)}\n`);
  return writeZip(
    new Map([
      ["model.json", json],
      ["model.onnx", model],
    ]),
    { level: options.level ?? 6 },
  );
}
