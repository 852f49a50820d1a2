import { zlibSync } from "fflate";
import { dtypeOf, type PixelDType } from "../core/dtype";
import type { ChannelStack } from "../core/stack";

/** Options for {@link writeTiff}. */
export interface WriteTiffOptions {
  /** Deflate-compress each page (TIFF compression 8); default false. */
  readonly compress?: boolean;
}

const FORMATS: Readonly<Record<PixelDType, [bits: number, format: number]>> = {
  uint8: [8, 1],
  int8: [8, 2],
  uint16: [16, 1],
  int16: [16, 2],
  uint32: [32, 1],
  int32: [32, 2],
  float32: [32, 3],
  float64: [64, 3],
};

interface Tag {
  readonly tag: number;
  readonly type: 2 | 3 | 4 | 5;
  readonly values: readonly number[] | Uint8Array;
}

/**
 * Write a stack as a little-endian TIFF with one page per channel, in stack order. Each page records its
 * channel name in the standard `PageName` tag (read back by {@link readTiff}; shown by tifffile), and the
 * pixel size, when known, as a resolution in pixels per centimetre. Readable by tifffile, ImageJ/Fiji and
 * libtiff.
 *
 * @param stack - the stack to write (any dtype; `uint16` is what instruments produce)
 * @param options - whether to deflate the pages
 * @returns the file bytes
 */
export function writeTiff(stack: ChannelStack, options: WriteTiffOptions = {}): Uint8Array {
  const { width, height } = stack;
  const dtype = dtypeOf(stack.data);
  const [bits, format] = FORMATS[dtype];
  const plane = width * height;
  const encoder = new TextEncoder();
  const pages = stack.channels.map((name, c) => {
    const pixels = stack.data.subarray(c * plane, (c + 1) * plane);
    const raw = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
    const little = new Uint8Array(raw.length);
    const view = new DataView(little.buffer);
    const size = pixels.BYTES_PER_ELEMENT;
    // Written through a DataView so the file is little-endian whatever the host's byte order.
    for (let i = 0; i < pixels.length; i++) {
      const v = pixels[i];
      if (size === 1) little[i] = raw[i];
      else if (dtype === "uint16") view.setUint16(i * 2, v, true);
      else if (dtype === "int16") view.setInt16(i * 2, v, true);
      else if (dtype === "uint32") view.setUint32(i * 4, v, true);
      else if (dtype === "int32") view.setInt32(i * 4, v, true);
      else if (dtype === "float32") view.setFloat32(i * 4, v, true);
      else view.setFloat64(i * 8, v, true);
    }
    return { name: encoder.encode(`${name}\0`), body: options.compress ? zlibSync(little) : little };
  });
  const resolution = stack.pixelSizeUm === undefined ? [] : rational(1e4 / stack.pixelSizeUm);
  const chunks: Uint8Array[] = [];
  let offset = 8;
  const header = new Uint8Array([0x49, 0x49, 42, 0, 0, 0, 0, 0]);
  chunks.push(header);
  // Each directory's "next" pointer (and the header's first) is patched once the layout is known.
  const links: [number, number][] = [];
  let previousNext = 4;
  for (const page of pages) {
    const tags: Tag[] = [
      { tag: 256, type: 4, values: [width] },
      { tag: 257, type: 4, values: [height] },
      { tag: 258, type: 3, values: [bits] },
      { tag: 259, type: 3, values: [options.compress ? 8 : 1] },
      { tag: 262, type: 3, values: [1] },
      { tag: 273, type: 4, values: [0] },
      { tag: 277, type: 3, values: [1] },
      { tag: 278, type: 4, values: [height] },
      { tag: 279, type: 4, values: [page.body.length] },
      ...(resolution.length > 0
        ? [{ tag: 282, type: 5, values: resolution } as Tag, { tag: 283, type: 5, values: resolution } as Tag]
        : []),
      { tag: 284, type: 3, values: [1] },
      { tag: 285, type: 2, values: page.name },
      ...(resolution.length > 0 ? [{ tag: 296, type: 3, values: [3] } as Tag] : []),
      { tag: 339, type: 3, values: [format] },
    ];
    // Layout: pixel data, then the values too long to sit in their entry, then the directory.
    const dataAt = offset;
    offset += page.body.length + (page.body.length % 2);
    const extras: Uint8Array[] = [];
    const valueAt = new Map<number, number>();
    for (const tag of tags) {
      const bytes = encodeValues(tag);
      if (bytes.length > 4) {
        valueAt.set(tag.tag, offset);
        extras.push(bytes);
        offset += bytes.length + (bytes.length % 2);
      }
    }
    const ifdAt = offset;
    const ifd = new Uint8Array(2 + tags.length * 12 + 4);
    const view = new DataView(ifd.buffer);
    view.setUint16(0, tags.length, true);
    tags.forEach((tag, i) => {
      const at = 2 + i * 12;
      const values = tag.tag === 273 ? [dataAt] : tag.values;
      const bytes = encodeValues({ ...tag, values });
      view.setUint16(at, tag.tag, true);
      view.setUint16(at + 2, tag.type, true);
      view.setUint32(at + 4, tag.type === 5 ? values.length / 2 : values.length, true);
      if (bytes.length > 4) view.setUint32(at + 8, valueAt.get(tag.tag)!, true);
      else ifd.set(bytes, at + 8);
    });
    offset += ifd.length;
    chunks.push(page.body, new Uint8Array(page.body.length % 2));
    for (const bytes of extras) chunks.push(bytes, new Uint8Array(bytes.length % 2));
    chunks.push(ifd);
    links.push([previousNext, ifdAt]);
    previousNext = ifdAt + 2 + tags.length * 12;
  }
  const out = new Uint8Array(offset);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  const view = new DataView(out.buffer);
  for (const [where, value] of links) view.setUint32(where, value, true);
  return out;
}

function rational(value: number): number[] {
  // Pixels per centimetre as a fraction with a fixed denominator keeps 6 significant digits.
  return [Math.round(value * 1000), 1000];
}

function encodeValues(tag: Tag): Uint8Array {
  if (tag.type === 2) return tag.values as Uint8Array;
  const size = tag.type === 3 ? 2 : 4;
  const out = new Uint8Array(tag.values.length * size);
  const view = new DataView(out.buffer);
  tag.values.forEach((v, i) => {
    if (size === 2) view.setUint16(i * 2, v, true);
    else view.setUint32(i * 4, v, true);
  });
  return out;
}
