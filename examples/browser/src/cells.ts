import {
  arrayToStack,
  arrayToStacks,
  type ChannelStack,
  type NdArray,
  readImage,
  readNpz,
  renameChannels,
} from "@persist/ctc/web";

/** A cell read from a file, named for the gallery. */
export interface NamedCell {
  readonly name: string;
  readonly stack: ChannelStack;
  /** Whether the channels took the model's names (the file had none that matched). */
  readonly renamed: boolean;
}

function fromArray(name: string, array: NdArray): ChannelStack[] {
  return array.shape.length === 4
    ? arrayToStacks(array, { file: name })
    : [arrayToStack(array, { file: name })];
}

/**
 * Give a cell the model's channel names, in order, when it has none of them but the same number of
 * channels (NPY and NPZ files carry no names). Named files are left as they are, so a wrong file is
 * reported as a missing channel instead of silently misread.
 */
function nameChannels(
  cell: ChannelStack,
  channels: readonly string[],
): { stack: ChannelStack; renamed: boolean } {
  const known = cell.channels.some((c) => channels.includes(c));
  if (known || cell.channels.length !== channels.length) return { stack: cell, renamed: false };
  const mapping = Object.fromEntries(cell.channels.map((c, i) => [c, channels[i]]));
  return { stack: renameChannels(cell, mapping), renamed: true };
}

/**
 * Read the cells of one file: a TIFF, PNG or NPY image (one cell), or an NPZ archive whose arrays are
 * cells (C x H x W) or batches of cells (N x C x H x W).
 *
 * @param name - file name, for errors and the gallery
 * @param bytes - contents
 * @param channels - the model's channels
 * @returns the cells
 * @throws the library's reader errors, naming the file
 */
export function readCells(name: string, bytes: Uint8Array, channels: readonly string[]): NamedCell[] {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const stacks: { name: string; stack: ChannelStack }[] = [];
  if (isZip) {
    for (const [key, array] of readNpz(bytes, { file: name })) {
      const cells = fromArray(`${name}/${key}`, array);
      cells.forEach((stack, i) => {
        stacks.push({ name: cells.length > 1 ? `${name}/${key}[${i}]` : `${name}/${key}`, stack });
      });
    }
  } else {
    stacks.push({ name, stack: readImage(bytes, { file: name }) });
  }
  return stacks.map((s) => ({ name: s.name, ...nameChannels(s.stack, channels) }));
}
