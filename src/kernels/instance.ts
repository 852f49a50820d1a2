import { normalTable16 } from "../random/normal16";
import { Xoshiro128 } from "../random/xoshiro128";
import { KERNELS_WASM } from "./module";

/**
 * Which kernels augmentation and preprocessing run. `"auto"` (the default) runs the WebAssembly SIMD
 * kernels wherever the engine compiles them (Node, and browsers and workers whose Content Security Policy
 * allows `'wasm-unsafe-eval'`) and JavaScript elsewhere; `"js"` never tries WebAssembly, for pages whose
 * policy would report the attempt. Both give identical values, bit for bit.
 */
export type KernelChoice = "auto" | "js";

/**
 * The kernels the module exports (see wasm/augment.ts and wasm/preprocess.ts); pointers are byte offsets
 * into `memory`.
 */
export interface KernelExports {
  /** The module's memory. */
  readonly memory: WebAssembly.Memory;
  /** First byte that the module's own static data does not use. */
  heapBase(): number;
  /** Copy a strided view into a contiguous stack. */
  gather(...args: number[]): void;
  /** Bilinear affine resampling through a view. */
  warpBilinear(...args: number[]): void;
  /** Four channel planes to one interleaved plane. */
  interleave4(...args: number[]): void;
  /** Two linear stages per value. */
  linearPass(...args: number[]): void;
  /** Two linear stages and Gaussian noise per value. */
  noisePass(...args: number[]): void;
  /** One affine map from uint16 values to float32. */
  affineU16(...args: number[]): void;
  /** One affine map from uint8 values to float32. */
  affineU8(...args: number[]): void;
  /** One affine map from float32 values to float32. */
  affineF32(...args: number[]): void;
}

/**
 * A compiled instance and the layout of its memory: the normal table, the generator state, then an arena
 * that each call reuses for its own buffers.
 */
export interface KernelInstance {
  /** The kernels. */
  readonly exports: KernelExports;
  /** Byte offset of `normalTable16()`, as float32. */
  readonly table: number;
  /** Byte offset of the xoshiro128** state, four 32-bit words. */
  readonly state: number;
  /** Byte offset of the arena. */
  readonly arena: number;
  /**
   * Start the module's xoshiro128** state where `new Xoshiro128(seed)` starts.
   *
   * @param seed - the generator's seed
   */
  seed(seed: number): void;
  /**
   * Copy pixels, byte for byte, to the start of the arena.
   *
   * @param data - the pixels (the arena must have room: see `reserve`)
   */
  copyIn(data: Float32Array | Uint16Array | Uint8Array): void;
  /**
   * Copy a result out of the memory.
   *
   * @param byteOffset - where it starts
   * @param length - its number of values
   * @param into - where to write it; a new array when absent (writing into an existing array saves
   * allocating and zero-filling one, which costs more than the copy)
   * @returns the array written
   */
  copyOut(byteOffset: number, length: number, into?: Float32Array): Float32Array;
  /**
   * Make the first `bytes` of the arena exist.
   *
   * @param bytes - how many bytes the call needs
   * @returns false when that is more than the arena may hold (the caller then runs JavaScript)
   */
  reserve(bytes: number): boolean;
}

/**
 * The most memory a call may use (16 MiB: three 4 x 512 x 512 float32 stacks). Memory never shrinks, so a
 * larger image would keep its size allocated for the life of the page; single cells need a few hundred KiB,
 * and on whole fields the per-call copies would cost more than the kernels save.
 */
const MAX_ARENA_BYTES = 16 * 2 ** 20;
const PAGE = 65536;
const TABLE_BYTES = 65536 * 4;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function instantiate(): KernelInstance | null {
  if (typeof WebAssembly === "undefined") return null;
  let exports: KernelExports;
  try {
    // Synchronous, so that augmentation and preprocessing stay synchronous calls. An engine that refuses
    // this on the main thread for the module's 5.2 KB (older Chrome did above 4 KB) throws here, and
    // JavaScript runs.
    const module = new WebAssembly.Module(decodeBase64(KERNELS_WASM) as BufferSource);
    exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  } catch {
    // No SIMD in this engine, or a Content Security Policy that forbids compiling: JavaScript it is.
    return null;
  }
  const table = Math.ceil(exports.heapBase() / 16) * 16;
  const state = table + TABLE_BYTES;
  const arena = state + 16;
  const reserve = (bytes: number): boolean => {
    if (bytes > MAX_ARENA_BYTES) return false;
    const pages = Math.ceil((arena + bytes) / PAGE) - exports.memory.buffer.byteLength / PAGE;
    if (pages <= 0) return true;
    try {
      exports.memory.grow(pages);
      return true;
    } catch {
      // The engine could not find the memory (a RangeError): this call runs in JavaScript instead.
      return false;
    }
  };
  let view = new Float32Array(0);
  const heap = (): Float32Array => {
    // Growing the memory detaches the old buffer, and views of it read as empty.
    if (view.buffer !== exports.memory.buffer) view = new Float32Array(exports.memory.buffer);
    return view;
  };
  const copyIn = (data: Float32Array | Uint16Array | Uint8Array): void =>
    new Uint8Array(exports.memory.buffer, arena, data.byteLength).set(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
  const copyOut = (byteOffset: number, length: number, into?: Float32Array): Float32Array => {
    const result = heap().subarray(byteOffset / 4, byteOffset / 4 + length);
    if (!into) return result.slice();
    into.set(result);
    return into;
  };
  const seed = (value: number): void => {
    new Int32Array(exports.memory.buffer, state, 4).set(new Xoshiro128(value).s);
  };
  reserve(0);
  heap().set(normalTable16(), table / 4);
  return { exports, table, state, arena, reserve, seed, copyIn, copyOut };
}

/** The instance: compiled on first use, then shared (null once compiling has failed). */
let instance: KernelInstance | null | undefined;

/**
 * The WebAssembly kernels, compiled on first use. They hold no state between calls that could change a
 * result: every call lays out its own buffers and generator state.
 *
 * @returns the instance, or undefined where this engine cannot compile it
 */
export function kernelInstance(): KernelInstance | undefined {
  if (instance === undefined) instance = instantiate();
  return instance ?? undefined;
}
