import { allocPixels, dtypeOf, type PixelArray, type PixelDType } from "../core/dtype";
import { CtcError } from "../core/errors";
import type { ArrayDType, NdArray } from "./array";
import { checkAllocation, DEFAULT_MAX_BYTES, type ReadOptions, resolveLimit } from "./limits";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

interface TypeCode {
  readonly dtype: ArrayDType;
  readonly size: number;
}

const CODES: Readonly<Record<string, TypeCode>> = {
  b1: { dtype: "bool", size: 1 },
  u1: { dtype: "uint8", size: 1 },
  i1: { dtype: "int8", size: 1 },
  u2: { dtype: "uint16", size: 2 },
  i2: { dtype: "int16", size: 2 },
  u4: { dtype: "uint32", size: 4 },
  i4: { dtype: "int32", size: 4 },
  f4: { dtype: "float32", size: 4 },
  f8: { dtype: "float64", size: 8 },
};

type HeaderValue = string | boolean | number[] | null;

/*
 * The header is a Python dict literal. It is parsed by this small grammar (strings, True/False/None,
 * tuples of integers) rather than evaluated, so a hostile header can only fail to parse.
 */
function parseHeader(text: string, file: string | undefined): Map<string, HeaderValue> {
  let at = 0;
  const fail = (what: string): never => {
    throw new CtcError("CORRUPT_FILE", `NPY header is not a valid dict literal: ${what}`, {
      file,
      field: "header",
      actual: text.length > 200 ? `${text.slice(0, 200)}...` : text,
    });
  };
  const space = () => {
    while (at < text.length && " \t\r\n".includes(text[at])) at++;
  };
  const expect = (char: string) => {
    space();
    if (text[at] !== char) fail(`expected "${char}" at ${at}`);
    at++;
  };
  const string = (): string => {
    space();
    const quote = text[at];
    if (quote !== "'" && quote !== '"') fail(`expected a string at ${at}`);
    const close = text.indexOf(quote, at + 1);
    if (close < 0) fail("unterminated string");
    const value = text.slice(at + 1, close);
    if (value.includes("\\")) fail("escapes in strings are not supported");
    at = close + 1;
    return value;
  };
  const integer = (): number => {
    space();
    const match = /^\d+L?/.exec(text.slice(at, at + 40));
    if (match === null) fail(`expected a non-negative integer at ${at}`);
    at += match![0].length;
    return Number.parseInt(match![0], 10);
  };
  const value = (): HeaderValue => {
    space();
    const char = text[at];
    if (char === "'" || char === '"') return string();
    for (const [word, result] of [
      ["True", true],
      ["False", false],
      ["None", null],
    ] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return result;
      }
    }
    if (char === "(") {
      at++;
      const items: number[] = [];
      space();
      while (text[at] !== ")") {
        items.push(integer());
        space();
        if (text[at] === ",") at++;
        else if (text[at] !== ")") fail(`expected "," or ")" at ${at}`);
        space();
      }
      at++;
      return items;
    }
    if (char === "[" || char === "{") {
      throw new CtcError("UNSUPPORTED_DTYPE", "structured (record) dtypes are not supported", {
        file,
        field: "descr",
      });
    }
    return fail(`unexpected value at ${at}`);
  };
  const entries = new Map<string, HeaderValue>();
  expect("{");
  space();
  while (text[at] !== "}") {
    const key = string();
    expect(":");
    if (entries.has(key)) fail(`key "${key}" appears twice`);
    entries.set(key, value());
    space();
    if (text[at] === ",") at++;
    else if (text[at] !== "}") fail(`expected "," or "}" at ${at}`);
    space();
  }
  at++;
  space();
  if (at !== text.length) fail("text after the closing brace");
  return entries;
}

/** A parsed NPY header: where the data starts and how to read it. */
interface NpyHeader {
  readonly dtype: ArrayDType;
  readonly itemSize: number;
  readonly bigEndian: boolean;
  readonly fortran: boolean;
  readonly shape: number[];
  readonly dataStart: number;
}

function readHeader(bytes: Uint8Array, file: string | undefined): NpyHeader {
  if (bytes.length === 0)
    throw new CtcError("CORRUPT_FILE", "file is empty", { file, expected: "an NPY file" });
  if (MAGIC.some((byte, i) => i < bytes.length && bytes[i] !== byte)) {
    throw new CtcError("CORRUPT_FILE", "not an NPY file (wrong magic number)", {
      file,
      expected: "\\x93NUMPY",
      actual: Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, "0")).join(" "),
    });
  }
  if (bytes.length < 10) throw new CtcError("TRUNCATED_FILE", "NPY file ends inside its preamble", { file });
  const major = bytes[6];
  if (major < 1 || major > 3) {
    throw new CtcError("UNSUPPORTED_FORMAT", "NPY format version is not supported", {
      file,
      field: "version",
      expected: "1.0, 2.0 or 3.0",
      actual: `${major}.${bytes[7]}`,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize)
    throw new CtcError("TRUNCATED_FILE", "NPY file ends inside its preamble", { file });
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthSize;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) {
    throw new CtcError("TRUNCATED_FILE", "NPY file ends inside its header", {
      file,
      expected: `${dataStart} header bytes`,
      actual: bytes.length,
    });
  }
  // Versions 1 and 2 store the header as latin-1, version 3 as UTF-8.
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    bytes.subarray(headerStart, dataStart),
  );
  const entries = parseHeader(text, file);
  const descr = entries.get("descr");
  const fortran = entries.get("fortran_order");
  const shape = entries.get("shape");
  if (
    typeof descr !== "string" ||
    typeof fortran !== "boolean" ||
    !Array.isArray(shape) ||
    entries.size !== 3
  ) {
    throw new CtcError("CORRUPT_FILE", "NPY header must hold exactly descr (string), fortran_order, shape", {
      file,
      field: "header",
      actual: text.trim(),
    });
  }
  if (descr.includes("O")) {
    throw new CtcError("UNSUPPORTED_DTYPE", "object arrays hold pickled Python objects and are refused", {
      file,
      field: "descr",
      actual: descr,
    });
  }
  const order = descr[0];
  const code = CODES[descr.slice(1)];
  if (!"<>|=".includes(order) || code === undefined || (order === "|" && code.size !== 1)) {
    throw new CtcError("UNSUPPORTED_DTYPE", "NPY dtype is not supported", {
      file,
      field: "descr",
      expected: "u1, u2, u4, i1, i2, i4, f4, f8 or b1 in either byte order",
      actual: descr,
    });
  }
  return { dtype: code.dtype, itemSize: code.size, bigEndian: order === ">", fortran, shape, dataStart };
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/**
 * Read a NumPy `.npy` file (format versions 1, 2 and 3). Big-endian data is converted to the machine's
 * byte order and Fortran-ordered data to C order, so the result is always a plain C-order array. The
 * header is parsed by a strict grammar, never evaluated; object and structured dtypes are refused.
 *
 * @param bytes - file contents
 * @param options - file name for errors; `maxBytes` caps the decoded size (default {@link DEFAULT_MAX_BYTES})
 * @returns the array (its data is a copy, never a view into `bytes`)
 * @throws {@link CtcError} `CORRUPT_FILE` (wrong magic, bad header, trailing bytes), `TRUNCATED_FILE`,
 * `UNSUPPORTED_DTYPE`, `UNSUPPORTED_FORMAT` (unknown version) or `LIMIT_EXCEEDED`, each naming the file
 */
export function readNpy(bytes: Uint8Array, options: ReadOptions = {}): NdArray {
  const { file } = options;
  const limit = resolveLimit(file, options.maxBytes, DEFAULT_MAX_BYTES);
  const header = readHeader(bytes, file);
  const count = header.shape.reduce((product, size) => product * size, 1);
  const byteCount = count * header.itemSize;
  checkAllocation(file, "shape", byteCount, limit);
  const available = bytes.length - header.dataStart;
  if (available !== byteCount) {
    throw new CtcError(
      available < byteCount ? "TRUNCATED_FILE" : "CORRUPT_FILE",
      available < byteCount
        ? "NPY data is shorter than its shape declares"
        : "NPY file has bytes after its data",
      { file, field: "shape", expected: `${byteCount} data bytes`, actual: available },
    );
  }
  const raw = bytes.slice(header.dataStart);
  if (header.bigEndian && header.itemSize > 1 && littleEndian()) swapBytes(raw, header.itemSize);
  const elementType: PixelDType = header.dtype === "bool" ? "uint8" : header.dtype;
  const flat = viewAs(elementType, raw.buffer, count);
  const data = header.fortran && header.shape.length > 1 ? fortranToC(flat, header.shape) : flat;
  return { data, shape: header.shape, dtype: header.dtype };
}

function swapBytes(raw: Uint8Array, size: number): void {
  for (let i = 0; i < raw.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = raw[a];
      raw[a] = raw[b];
      raw[b] = t;
    }
  }
}

function viewAs(dtype: PixelDType, buffer: ArrayBufferLike, count: number): PixelArray {
  switch (dtype) {
    case "uint8":
      return new Uint8Array(buffer, 0, count);
    case "int8":
      return new Int8Array(buffer, 0, count);
    case "uint16":
      return new Uint16Array(buffer, 0, count);
    case "int16":
      return new Int16Array(buffer, 0, count);
    case "uint32":
      return new Uint32Array(buffer, 0, count);
    case "int32":
      return new Int32Array(buffer, 0, count);
    case "float32":
      return new Float32Array(buffer, 0, count);
    default:
      return new Float64Array(buffer, 0, count);
  }
}

function fortranToC(source: PixelArray, shape: readonly number[]): PixelArray {
  const out = allocPixels(dtypeOf(source), source.length);
  const rank = shape.length;
  // Fortran strides: the first axis is contiguous.
  const strides = new Array<number>(rank);
  let stride = 1;
  for (let k = 0; k < rank; k++) {
    strides[k] = stride;
    stride *= shape[k];
  }
  const index = new Array<number>(rank).fill(0);
  let from = 0;
  for (let to = 0; to < out.length; to++) {
    out[to] = source[from];
    // Advance the C-order odometer (last axis fastest), keeping the Fortran offset in step.
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k] < shape[k]) {
        from += strides[k];
        break;
      }
      from -= strides[k] * (shape[k] - 1);
      index[k] = 0;
    }
  }
  return out;
}

const DESCR: Readonly<Record<ArrayDType, string>> = {
  bool: "|b1",
  uint8: "|u1",
  int8: "|i1",
  uint16: "<u2",
  int16: "<i2",
  uint32: "<u4",
  int32: "<i4",
  float32: "<f4",
  float64: "<f8",
};

/**
 * Write an array as a `.npy` file, byte for byte as NumPy's `np.save` writes it (little-endian, C order,
 * format 1.0 unless the header needs 2.0), so `np.load` reads it and {@link readNpy} round-trips it.
 *
 * @param array - the array (`dtype` must match the data's typed array; `bool` needs a `Uint8Array`)
 * @returns the file bytes
 * @throws {@link CtcError} `SHAPE_MISMATCH` when the shape does not match the data length,
 * `INVALID_ARGUMENT` when the dtype does not match the typed array
 */
export function writeNpy(array: NdArray): Uint8Array {
  const { data, shape, dtype } = array;
  const count = shape.reduce((product, size) => product * size, 1);
  if (!shape.every((size) => Number.isInteger(size) && size >= 0) || count !== data.length) {
    throw new CtcError("SHAPE_MISMATCH", "shape does not match the data length", {
      field: "shape",
      expected: data.length,
      actual: shape,
    });
  }
  const stored = dtypeOf(data);
  if (dtype === "bool" ? stored !== "uint8" : stored !== dtype) {
    throw new CtcError("INVALID_ARGUMENT", "dtype does not match the typed array", {
      field: "dtype",
      expected: stored,
      actual: dtype,
    });
  }
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${tuple}, }`;
  // NumPy leaves room to grow the first axis in place (GROWTH_AXIS_MAX_DIGITS = 21).
  if (shape.length > 0) header += " ".repeat(21 - String(shape[0]).length);
  const headerBytes = new TextEncoder().encode(header);
  const version = headerBytes.length + 1 + 64 < 65536 ? 1 : 2;
  const prefix = version === 1 ? 10 : 12;
  const padding = 64 - ((prefix + headerBytes.length + 1) % 64);
  const total = headerBytes.length + padding + 1;
  const out = new Uint8Array(prefix + total + data.byteLength);
  out.set(MAGIC);
  out[6] = version;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, total, true);
  else view.setUint32(8, total, true);
  out.set(headerBytes, prefix);
  out.fill(0x20, prefix + headerBytes.length, prefix + total - 1);
  out[prefix + total - 1] = 0x0a;
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  out.set(body, prefix + total);
  if (!littleEndian()) swapBytes(out.subarray(prefix + total), data.BYTES_PER_ELEMENT);
  return out;
}
