import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dihedral } from "../../src/augment/index";
import { bundleFromParts, type ModelBundle, readBundle, writeBundle } from "../../src/classify/bundle";
import type { ModelCard } from "../../src/classify/bundle-schema";
import { type Classifier, type ClassifierOptions, createClassifier } from "../../src/classify/classifier";
import { readOnnxGraph } from "../../src/classify/onnx-graph";
import type { OrtRuntime } from "../../src/classify/runtime";
import { isCtcError } from "../../src/core/errors";
import { type ChannelStack, createStack } from "../../src/core/stack";
import { BACKENDS, expected, fixtureBytes, fixtureCells, fixtureJson, MODELS, maxDiff } from "./fixtures";

const cells = fixtureCells();

async function bareBundle(name: string): Promise<ModelBundle> {
  return bundleFromParts(fixtureBytes(`${name}.onnx`), fixtureJson(`${name}.json`));
}

/** The zipped path: the card and graph go through writeBundle and readBundle first. */
async function zippedBundle(name: string): Promise<ModelBundle> {
  const { format: _f, formatVersion: _v, sha256: _s, ...card } = fixtureJson<ModelCard>(`${name}.json`);
  return readBundle(await writeBundle(fixtureBytes(`${name}.onnx`), card));
}

// One thread for every model; wide-block also with two, where its Winograd products are batched.
const PARITY_RUNS = [...MODELS.map((name) => [name, 1] as const), ["wide-block", 2] as const];

describe.each(BACKENDS)("PyTorch parity through the full path (%s)", (_, ort) => {
  it.each(PARITY_RUNS)(
    "%s, %i thread(s): bundle -> preprocessing -> batching -> run matches PyTorch within 1e-4",
    async (name, threads) => {
      const bundle = name === "resnet18-w16" ? await zippedBundle(name) : await bareBundle(name);
      const classifier = await createClassifier(ort, bundle, { batchSize: 5, threads });
      try {
        const predictions = await classifier.classify(cells);
        const reference = expected(name);
        expect(predictions.map((p) => p.index)).toEqual(cells.map((_, i) => i));
        predictions.forEach((p, i) => {
          expect(maxDiff(p.probabilities, reference.probabilities[i])).toBeLessThan(1e-4);
          const positive = bundle.card.classes.indexOf(bundle.card.positiveClass);
          expect(p.positiveProbability).toBe(p.probabilities[positive]);
        });
        if (bundle.card.output.activation === undefined && name !== "softmax-head") {
          // Raw logits are returned as they are.
          predictions.forEach((p, i) => {
            expect(maxDiff(p.logits, reference.output[i])).toBeLessThan(1e-4);
          });
        }
      } finally {
        await classifier.release();
      }
    },
  );
});

describe("classifier behaviour", () => {
  const [, ort] = BACKENDS[0];
  let small: ModelBundle;
  let resnet: ModelBundle;
  let classifier: Classifier;

  // The graph bytes a classifier hands the runtime.
  async function graphLoaded(bundle: ModelBundle, options: ClassifierOptions): Promise<Uint8Array> {
    let loaded: Uint8Array | undefined;
    const spy: OrtRuntime = {
      ...ort,
      InferenceSession: {
        create: ((model: Uint8Array, sessionOptions: object) => {
          loaded = model;
          return ort.InferenceSession.create(model, sessionOptions);
        }) as OrtRuntime["InferenceSession"]["create"],
      },
    };
    await (await createClassifier(spy, bundle, options)).release();
    return loaded!;
  }

  beforeAll(async () => {
    small = await bareBundle("small-resnet");
    resnet = await bareBundle("resnet18-w16");
    classifier = await createClassifier(ort, small, { batchSize: 4 });
  });
  afterAll(() => classifier.release());

  it("gives the same results whatever the batch size", async () => {
    const reference = await classifier.classify(cells);
    for (const batchSize of [1, 7, 64]) {
      const other = await createClassifier(ort, small, { batchSize });
      const results = await other.classify(cells);
      await other.release();
      results.forEach((p, i) => {
        expect(maxDiff(p.probabilities, reference[i].probabilities)).toBeLessThan(1e-6);
      });
    }
  });

  it("rewrites convolutions for batches, not for single cells or when told not to", async () => {
    const convs = (bytes: Uint8Array) => readOnnxGraph(bytes).nodes.filter((n) => n.opType === "Conv").length;
    const wide = await bareBundle("wide-block");
    // resnet18-w16 at 64 x 64: three dense rewrites (stage 4's 3 x 3 convolutions on 2 x 2 maps), im2col
    // for the other two with 2 x 2 outputs (or all five without the dense rewrite), nothing for Winograd
    // (64 channels or fewer elsewhere); wide-block: its two 128-channel 3 x 3 convolutions go to Winograd.
    const cases: [ModelBundle, ClassifierOptions, number][] = [
      [resnet, { batchSize: 8 }, convs(resnet.model) - 5],
      [resnet, { batchSize: 1 }, convs(resnet.model)],
      [resnet, { batchSize: 8, denseSmallConvolutions: false }, convs(resnet.model) - 5],
      [
        resnet,
        { batchSize: 8, denseSmallConvolutions: false, im2colConvolutions: false },
        convs(resnet.model),
      ],
      [resnet, { batchSize: 8, im2colConvolutions: false }, convs(resnet.model) - 3],
      [resnet, { batchSize: 1, denseSmallConvolutions: true }, convs(resnet.model) - 3],
      [resnet, { batchSize: 1, im2colConvolutions: true }, convs(resnet.model) - 5],
      [resnet, { batchSize: 8, graphOptimizationLevel: "disabled" }, convs(resnet.model)],
      [wide, { batchSize: 8 }, 1],
      [wide, { batchSize: 1 }, 3],
      [wide, { batchSize: 8, winogradConvolutions: false }, 3],
      [wide, { batchSize: 8, denseSmallConvolutions: false }, 1],
      [wide, { batchSize: 1, winogradConvolutions: true }, 1],
      [wide, { batchSize: 8, graphOptimizationLevel: "disabled" }, 3],
    ];
    for (const [bundle, options, expectedConvs] of cases) {
      const loaded = await graphLoaded(bundle, options);
      expect(convs(loaded), `${bundle.card.name} ${JSON.stringify(options)}`).toBe(expectedConvs);
    }
  });

  it("gives Winograd convolutions per-point products on one thread and batched ones otherwise", async () => {
    const wide = await bareBundle("wide-block");
    const matMuls = async (options: ClassifierOptions) =>
      readOnnxGraph(await graphLoaded(wide, options)).nodes.filter((n) => n.opType === "MatMul").length;
    // Two F(4x4, 3x3) convolutions of 9 tiles, each with an input and an output transform, and per
    // point a weight fold and a product (36 points), or one fold and one batched product.
    expect(await matMuls({ batchSize: 8, threads: 1 })).toBe(2 * (2 + 2 * 36));
    expect(await matMuls({ batchSize: 8, threads: 2 })).toBe(2 * (2 + 2));
    expect(await matMuls({ batchSize: 8 })).toBe(2 * (2 + 2));
  });

  it("reuses its input array from run to run, and gives overlapping runs arrays of their own", async () => {
    // The buffers behind the float32 tensors the classifier hands the runtime, in order.
    const fed: ArrayBufferLike[] = [];
    const RuntimeTensor = ort.Tensor as unknown as new (...args: unknown[]) => { data: unknown };
    const spy = {
      ...ort,
      Tensor: class extends RuntimeTensor {
        constructor(...args: unknown[]) {
          super(...args);
          if (this.data instanceof Float32Array) fed.push(this.data.buffer);
        }
      },
    } as unknown as OrtRuntime;
    const reused = await createClassifier(spy, small, { batchSize: 4 });
    try {
      const first = await reused.classify(cells);
      const [buffer, ...others] = new Set(fed.splice(0));
      const second = await reused.classify(cells);
      expect(others).toHaveLength(0);
      expect(fed.splice(0).every((b) => b === buffer)).toBe(true);
      expect(second).toEqual(first);

      // Two runs at once, over different cells: each must fill its own array, or one run's cells would
      // be preprocessed over the other's while that one waits for the session.
      const [forward, backward] = await Promise.all([
        reused.classify(cells),
        reused.classify(cells.toReversed()),
      ]);
      expect(new Set(fed.splice(0)).size).toBe(2);
      expect(forward).toEqual(first);
      expect(backward.map((p) => p.probabilities)).toEqual(first.toReversed().map((p) => p.probabilities));
    } finally {
      await reused.release();
    }
  });

  it("runs batchSize cells per session.run, taking an array's cells 16 or more at a time and an async source's a batch at a time", async () => {
    const many = Array.from({ length: 20 }, (_, i) => cells[i % cells.length]);
    // The batch dimension of every float32 tensor the classifier hands the runtime.
    const runs: number[] = [];
    const RuntimeTensor = ort.Tensor as unknown as new (...args: unknown[]) => { dims: number[] };
    const spy = {
      ...ort,
      Tensor: class extends RuntimeTensor {
        constructor(...args: unknown[]) {
          super(...args);
          runs.push(this.dims[0]);
        }
      },
    } as unknown as OrtRuntime;
    const threes = await createClassifier(spy, small, { batchSize: 3 });
    try {
      async function* source() {
        yield* many;
      }
      const progress: number[] = [];
      const onProgress = (p: { done: number }) => progress.push(p.done);
      const fromArray = await threes.classify(many, { onProgress });
      expect(runs.splice(0)).toEqual([3, 3, 3, 3, 3, 3, 2]);
      expect(progress.splice(0)).toEqual([18, 20]);
      const fromAsync = await threes.classify(source(), { onProgress });
      expect(runs.splice(0)).toEqual([3, 3, 3, 3, 3, 3, 2]);
      expect(progress).toEqual([3, 6, 9, 12, 15, 18, 20]);
      expect(fromAsync).toEqual(fromArray);
      const reference = await classifier.classify(many);
      fromArray.forEach((p, i) => {
        expect(maxDiff(p.probabilities, reference[i].probabilities)).toBeLessThan(1e-6);
      });
    } finally {
      await threes.release();
    }
  });

  it("labels by the threshold on the positive class, else by the most likely other class", async () => {
    const all = await createClassifier(ort, small, { threshold: 0 });
    const none = await createClassifier(ort, small, { threshold: 1 });
    for (const p of await all.classify(cells)) expect(p.label).toBe("ctc");
    for (const p of await none.classify(cells)) {
      expect(p.label).not.toBe("ctc");
      const other = p.labelIndex === 0 ? 2 : 0;
      expect(p.probabilities[p.labelIndex]).toBeGreaterThanOrEqual(p.probabilities[other]);
    }
    await Promise.all([all.release(), none.release()]);
  });

  it("maps channels by name: the same cell with channels reordered and extras gives the same result", async () => {
    const cell = cells[0];
    const plane = cell.height * cell.width;
    const order = [3, 1, 0, 2];
    const data = new Uint16Array(5 * plane);
    order.forEach((c, i) => {
      data.set(cell.data.subarray(c * plane, (c + 1) * plane), i * plane);
    });
    data.fill(7, 4 * plane);
    const reordered = createStack(data, {
      channels: [...order.map((c) => cell.channels[c]), "extra"],
      height: cell.height,
      width: cell.width,
    });
    const [a, b] = await classifier.classify([cell, reordered]);
    expect(b.probabilities).toEqual(a.probabilities);
  });

  it("averages TTA views: all 8 equal the mean over dihedral copies of the cell", async () => {
    // Resize, per-dataset standardization and flips/turns commute, so turning the raw cell is the same
    // as turning the preprocessed input.
    const tta = await createClassifier(ort, resnet, { tta: [0, 1, 2, 3, 4, 5, 6, 7], batchSize: 3 });
    const plain = await createClassifier(ort, resnet, { batchSize: 8 });
    const some = cells.slice(0, 3);
    const averaged = await tta.classify(some);
    for (const [i, cell] of some.entries()) {
      const views = await plain.classify(Array.from({ length: 8 }, (_, k) => dihedral(cell, k)));
      const mean = [0, 1].map((c) => views.reduce((s, v) => s + v.probabilities[c], 0) / 8);
      expect(maxDiff(averaged[i].probabilities, mean)).toBeLessThan(1e-5);
    }
    const identity = await createClassifier(ort, resnet, { tta: [0] });
    const [once] = await identity.classify([cells[0]]);
    const [direct] = await plain.classify([cells[0]]);
    expect(once.probabilities).toEqual(direct.probabilities);
    await Promise.all([tta.release(), plain.release(), identity.release()]);
  });

  it("averages ensemble members' probabilities", async () => {
    const other = await bareBundle("named-io");
    const ensemble = await createClassifier(ort, [resnet, other]);
    const a = await createClassifier(ort, resnet);
    const b = await createClassifier(ort, other);
    const [pe, pa, pb] = await Promise.all([ensemble.classify(cells), a.classify(cells), b.classify(cells)]);
    pe.forEach((p, i) => {
      const mean = [0, 1].map((c) => (pa[i].probabilities[c] + pb[i].probabilities[c]) / 2);
      expect(maxDiff(p.probabilities, mean)).toBeLessThan(1e-9);
    });
    expect(ensemble.channels).toEqual(["BF", "DAPI", "CK", "CD45"]);
    await Promise.all([ensemble.release(), a.release(), b.release()]);
  });

  it("refuses an ensemble whose members disagree on classes, naming both", async () => {
    const three = await bareBundle("small-resnet");
    await expect(createClassifier(ort, [resnet, three])).rejects.toSatisfy(
      (e) => isCtcError(e, "MODEL_MISMATCH") && String(e).includes("debris"),
    );
  });

  it("names the cell and the problem for NaN pixels, empty stacks and missing channels", async () => {
    const nan = createStack(new Float32Array(4 * 32 * 32), {
      channels: cells[0].channels,
      height: 32,
      width: 32,
    });
    nan.data[3 * 1024 + 5] = Number.NaN;
    const empty = createStack(new Uint16Array(0), { channels: cells[0].channels, height: 0, width: 0 });
    const missing = createStack(new Uint16Array(2 * 32 * 32), {
      channels: ["DAPI", "CK"],
      height: 32,
      width: 32,
    });
    const cases: [ChannelStack, string][] = [
      [nan, "NON_FINITE"],
      [empty, "INVALID_ARGUMENT"],
      [missing, "MISSING_CHANNEL"],
    ];
    for (const [bad, code] of cases) {
      const input = [cells[0], cells[1], cells[2], cells[3], cells[4], bad];
      await expect(classifier.classify(input)).rejects.toSatisfy(
        (e) =>
          isCtcError(e, code as never) && (e as { cell?: number }).cell === 5 && String(e).includes("cell 5"),
      );
    }
  });

  it("streams an async source in order, reports progress, and stops on abort", async () => {
    async function* source(n: number) {
      for (let i = 0; i < n; i++) yield cells[i % cells.length];
    }
    const progress: number[] = [];
    const seen: number[] = [];
    for await (const p of classifier.stream(source(10), {
      onProgress: (q) => progress.push(q.done),
      total: 10,
    })) {
      seen.push(p.index);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(progress).toEqual([4, 8, 10]);

    const controller = new AbortController();
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const p of classifier.stream(source(1000), { signal: controller.signal })) {
          got.push(p.index);
          if (p.index === 5) controller.abort();
        }
      })(),
    ).rejects.toSatisfy((e) => isCtcError(e, "ABORTED"));
    expect(got.length).toBeLessThan(12);

    const aborted = AbortSignal.abort();
    await expect(classifier.classify(cells, { signal: aborted })).rejects.toSatisfy((e) =>
      isCtcError(e, "ABORTED"),
    );
  });

  it("rejects bad options before loading anything", async () => {
    await expect(createClassifier(ort, small, { batchSize: 0 })).rejects.toSatisfy((e) =>
      isCtcError(e, "INVALID_ARGUMENT"),
    );
    await expect(createClassifier(ort, small, { tta: [8] })).rejects.toSatisfy((e) =>
      isCtcError(e, "INVALID_ARGUMENT"),
    );
    await expect(createClassifier(ort, small, { threshold: 2 })).rejects.toSatisfy((e) =>
      isCtcError(e, "INVALID_ARGUMENT"),
    );
    await expect(createClassifier(ort, [])).rejects.toSatisfy((e) => isCtcError(e, "INVALID_ARGUMENT"));
  });

  it("hands the runtime its session config entries over the library's, and checks them first", async () => {
    const created: { extra?: Record<string, unknown> }[] = [];
    const spy: OrtRuntime = {
      ...ort,
      InferenceSession: {
        create: ((model: Uint8Array, sessionOptions: { extra?: Record<string, unknown> }) => {
          created.push(sessionOptions);
          return ort.InferenceSession.create(model, sessionOptions);
        }) as OrtRuntime["InferenceSession"]["create"],
      },
    };
    const sessionConfig = { "session.intra_op.spin_duration_us": "500" };
    await (await createClassifier(spy, small, { sessionConfig })).release();
    expect(created.map((o) => o.extra)).toEqual([{ "session.force_spinning_stop": "1", ...sessionConfig }]);

    const bad = { sessionConfig: { "session.intra_op.spin_duration_us": 500 } } as never;
    await expect(createClassifier(spy, small, bad)).rejects.toSatisfy(
      (e) =>
        isCtcError(e, "INVALID_ARGUMENT") && e.field === "sessionConfig.session.intra_op.spin_duration_us",
    );
    expect(created).toHaveLength(1);
  });
});
