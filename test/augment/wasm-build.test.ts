import { describe, expect, it } from "vitest";
import { compileKernels } from "../../scripts/build-wasm";
import { AUGMENT_KERNELS_WASM } from "../../src/augment/wasm/module";

describe("the committed WebAssembly module", () => {
  it("is the build of wasm/augment.ts (run `npm run build:wasm` after editing it)", async () => {
    const built = await compileKernels();
    const committed = Uint8Array.from(atob(AUGMENT_KERNELS_WASM), (c) => c.charCodeAt(0));
    expect(committed.length).toBe(built.length);
    expect(Buffer.from(committed).equals(Buffer.from(built))).toBe(true);
  }, 60_000);
});
