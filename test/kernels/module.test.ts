import { describe, expect, it } from "vitest";
import { compileKernels } from "../../scripts/build-wasm";
import { KERNELS_WASM } from "../../src/kernels/module";

describe("the committed WebAssembly module", () => {
  it("is the build of wasm/augment.ts and wasm/preprocess.ts (run `npm run build:wasm` after editing them)", async () => {
    const built = await compileKernels();
    const committed = Uint8Array.from(atob(KERNELS_WASM), (c) => c.charCodeAt(0));
    expect(committed.length).toBe(built.length);
    expect(Buffer.from(committed).equals(Buffer.from(built))).toBe(true);
  }, 60_000);
});
