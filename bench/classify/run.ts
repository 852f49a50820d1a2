/**
 * Classification benchmark: cells/s end to end (uint16 cells in memory -> preprocessing -> batching ->
 * ONNX Runtime -> probabilities; file decoding excluded) for ResNet-18 with 4 channels, beside a raw
 * `session.run` loop on ready tensors and PyTorch CPU (bench/classify/reference.py), same machine, same run.
 *
 *     node --import tsx bench/classify/run.ts [--backends node,web] [--threads 1,2] [--cells 128] [--out FILE]
 *
 * `--backends` and `--threads` pick a subset (both by default); `--cells` sets the cells per timed sample
 * (more on a faster machine, to keep samples long against noise); `--out` writes the table elsewhere than
 * bench/classify/RESULTS.md. `CTC_BENCH_PYTHON` names the interpreter that has torch (see bench-model.ts).
 *
 * Each (backend, threads) pair runs in its own process: onnxruntime-web fixes its thread count when its
 * wasm starts, and one process per pair keeps the runs independent. Every figure is the best of a few
 * repetitions, library, raw loops and PyTorch interleaved, so a colleague's job on this shared 2-core
 * machine slows every side alike. Writes bench/classify/RESULTS.md.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createClassifier } from "../../src/classify/classifier";
import { rewriteConvolutions } from "../../src/classify/model";
import type { OrtRuntime } from "../../src/classify/runtime";
import { sessionOptions } from "../../src/classify/session";
import { benchBundle, CHANNELS, cellsOf, ensureModel, MODEL, PYTHON } from "./bench-model";

const HERE = import.meta.dirname;
const SIZES = [64, 96];
const BATCHES = [1, 16, 64];
const THREADS = [1, 2];
/** Cells per timed sample unless `--cells` says otherwise (rounded up to whole batches). */
const MIN_CELLS = 128;
const REPS = { node: 7, web: 5 } as const;
/** Idle time before each side's warm-up, longer than ONNX Runtime's threads spin after a run (~30 ms). */
const IDLE_MS = 100;

type Backend = "node" | "web";
/**
 * Best cells/s of the library, of a raw loop on the graph it runs, of a raw loop on the graph as
 * exported and of PyTorch (node only), and median ratios within one repetition.
 */
type Figures = Record<
  string,
  {
    library: number;
    raw: number;
    exported: number;
    torch: number;
    ratio: number;
    torchRatio: number;
    rawTorchRatio: number;
  }
>;

/** PyTorch timings from bench/classify/reference.py, served one request at a time. */
function torchServer(): {
  rate(size: number, batch: number, threads: number, cells: number): Promise<number>;
  close(): void;
} {
  const server = spawn(PYTHON, [join(HERE, "reference.py")], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
  return {
    async rate(size, batch, threads, cells) {
      server.stdin.write(`${size} ${batch} ${threads} ${cells}\n`);
      const answer = await lines.next();
      if (answer.done) throw new Error("bench/classify/reference.py stopped");
      return Number(answer.value);
    },
    close: () => server.stdin.end(),
  };
}

const median = (values: number[]) =>
  values.length === 0 ? Number.NaN : values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

async function child(backend: Backend, threads: number, minCells: number): Promise<Figures> {
  const ort = (backend === "node"
    ? await import("onnxruntime-node")
    : await import("onnxruntime-web")) as unknown as OrtRuntime;
  if (backend === "web") ort.env.wasm.numThreads = threads;
  const providers = [backend === "node" ? "cpu" : "wasm"];
  const model = new Uint8Array(readFileSync(MODEL));
  const figures: Figures = {};
  const torch = backend === "node" ? torchServer() : undefined;
  for (const size of SIZES) {
    const bundle = await benchBundle(size);
    // The raw loops' sessions get the options the library gives its own, session config entries included.
    const options = sessionOptions({ threads, executionProviders: providers });
    const exported = await ort.InferenceSession.create(model, options);
    // The graph the classifier runs for batches of more than one cell (see rewriteConvolutions).
    const input = { channels: CHANNELS.length, height: size, width: size };
    const rewritten = await ort.InferenceSession.create(
      rewriteConvolutions(model, input, { threads }),
      options,
    );
    for (const batch of BATCHES) {
      const count = batch * Math.ceil(minCells / batch);
      const cells = cellsOf(count, size);
      const classifier = await createClassifier(ort, bundle, {
        batchSize: batch,
        threads,
        executionProviders: providers,
      });
      const input = new Float32Array(batch * 4 * size * size).map((_, i) => ((i * 7919) % 1000) / 500 - 1);
      const rawLoop = (session: typeof exported, cellCount: number) => async () => {
        for (let start = 0; start < cellCount; start += batch) {
          await session.run({ input: new ort.Tensor("float32", input, [batch, 4, size, size]) });
        }
      };
      // For one cell per run the library keeps the graph as exported.
      const libraryGraph = batch > 1 ? rewritten : exported;
      const runExported = rawLoop(exported, count);
      const runRaw = batch > 1 ? rawLoop(libraryGraph, count) : runExported;
      let torchRate = 0;
      const runTorch = async () => {
        torchRate = await torch!.rate(size, batch, threads, count);
      };
      const runLibrary = async () => {
        await classifier.classify(cells);
      };
      // One untimed batch before each timed sample (PyTorch does its own in reference.py): a side that
      // follows another pays for waking its threads and refilling its caches, which a long stream of
      // cells never does.
      const warmUps = new Map<() => Promise<void>, () => Promise<unknown>>([
        [runLibrary, () => classifier.classify(cells.slice(0, batch))],
        [runRaw, rawLoop(libraryGraph, batch)],
        [runExported, rawLoop(exported, batch)],
      ]);
      await classifier.classify(cells.slice(0, batch));
      await runRaw();
      await runExported();
      if (torch) await runTorch();
      const best = { library: 0, raw: 0, exported: 0, torch: 0 };
      const ratios = { library: [] as number[], torch: [] as number[], rawTorch: [] as number[] };
      for (let rep = 0; rep < REPS[backend]; rep++) {
        // Alternate which side goes first, so a load change on the shared machine hits both alike.
        const sides = [runLibrary, runRaw, ...(batch > 1 ? [runExported] : []), ...(torch ? [runTorch] : [])];
        const order = rep % 2 === 0 ? sides : sides.toReversed();
        const rates = new Map<() => Promise<void>, number>();
        for (const run of order) {
          // Threads that the side before left spinning (PyTorch's, or ONNX Runtime's without the
          // library's session config) would take a core from this one: at two threads, a session run
          // right after another ran at 0.78-0.84x its speed. A pause lets them go to sleep first.
          await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
          await warmUps.get(run)?.();
          const t0 = performance.now();
          await run();
          rates.set(run, count / ((performance.now() - t0) / 1000));
        }
        const rate = { library: rates.get(runLibrary)!, raw: rates.get(runRaw)!, torch: torchRate };
        best.library = Math.max(best.library, rate.library);
        best.raw = Math.max(best.raw, rate.raw);
        best.exported = Math.max(best.exported, rates.get(runExported)!);
        best.torch = Math.max(best.torch, torchRate);
        ratios.library.push(rate.library / rate.raw);
        if (torch) {
          ratios.torch.push(rate.library / rate.torch);
          ratios.rawTorch.push(rate.raw / rate.torch);
        }
      }
      const ratio = median(ratios.library);
      figures[`${size}/${batch}`] = {
        ...best,
        ratio,
        torchRatio: median(ratios.torch),
        rawTorchRatio: median(ratios.rawTorch),
      };
      await classifier.release();
      process.stderr.write(
        `${backend} t${threads} ${size}px b${batch}: ${best.library.toFixed(1)} vs raw ${best.raw.toFixed(1)} (as exported ${best.exported.toFixed(1)}, PyTorch ${best.torch.toFixed(1)}) cells/s, median ratio ${ratio.toFixed(2)}\n`,
      );
    }
    await Promise.all([exported.release(), rewritten.release()]);
  }
  torch?.close();
  return figures;
}

function spawnChild(backend: Backend, threads: number, minCells: number): Figures {
  // The same script the same way (under tsx from source, or plain node on a bundle of it).
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, process.argv[1], "--child", backend, String(threads), String(minCells)],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as Figures;
}

function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "-";
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    const figures = await child(args[1] as Backend, Number(args[2]), Number(args[3]));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    // onnxruntime-web's worker threads would keep the process alive.
    process.exit(0);
  }
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at < 0 ? undefined : args[at + 1];
  };
  const backends = (option("--backends") ?? "node,web").split(",") as Backend[];
  const threadCounts = option("--threads")?.split(",").map(Number) ?? THREADS;
  const outFile = option("--out") ?? join(HERE, "RESULTS.md");
  const minCells = Number(option("--cells") ?? MIN_CELLS);
  ensureModel();
  const torchVersion = execFileSync(PYTHON, ["-c", "import torch; print(torch.__version__)"], {
    encoding: "utf8",
  }).trim();
  const started = Date.now();
  const results: Record<string, Figures> = {};
  for (const backend of backends) {
    for (const threads of threadCounts) {
      results[`${backend}/${threads}`] = spawnChild(backend, threads, minCells);
    }
  }
  // A backend or thread count left out prints as "-".
  const missing: Figures[string] = {
    library: Number.NaN,
    raw: Number.NaN,
    exported: Number.NaN,
    torch: Number.NaN,
    ratio: Number.NaN,
    torchRatio: Number.NaN,
    rawTorchRatio: Number.NaN,
  };
  const header =
    "| size | batch | threads | node library | node raw run | node raw, as exported | web library | web raw run | web raw, as exported | PyTorch | node lib / PyTorch | node raw / PyTorch | node lib / raw | web lib / raw |";
  const rows = [header, `|${" --- |".repeat(14)}`];
  for (const size of SIZES) {
    for (const batch of BATCHES) {
      for (const threads of threadCounts) {
        const n = results[`node/${threads}`]?.[`${size}/${batch}`] ?? missing;
        const w = results[`web/${threads}`]?.[`${size}/${batch}`] ?? missing;
        rows.push(
          `| ${size} | ${batch} | ${threads} | ${fmt(n.library)} | ${fmt(n.raw)} | ${fmt(n.exported)} | ${fmt(w.library)} | ${fmt(w.raw)} | ${fmt(w.exported)} | ${fmt(n.torch)} | ${fmt(n.torchRatio, 2)} | ${fmt(n.rawTorchRatio, 2)} | ${fmt(n.ratio, 2)} | ${fmt(w.ratio, 2)} |`,
        );
      }
    }
  }
  const table = rows.join("\n");
  console.log(table);
  const text = `# Classification benchmark

Command: \`${["node --import tsx bench/classify/run.ts", ...args].join(" ")}\` (model: \`python3 bench/classify/make_models.py\`,
run automatically when missing). ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${Math.round((Date.now() - started) / 1000)} s,
${cpus().length} x ${cpus()[0].model}.

ResNet-18 (torchvision, 4-channel stem, 2 classes, fp32), cells/s, best of ${REPS.node} (node, PyTorch) or ${REPS.web}
(web) repetitions of ${minCells} cells (rounded up to whole batches) each, every one after ${IDLE_MS} ms idle (so no side runs beside
threads that the side before left spinning) and an untimed batch of its own. Every ratio is the median over repetitions of the ratio within one repetition, in
which the library, the raw loops and (for node) PyTorch run back to back in alternating order, PyTorch
served by \`bench/classify/reference.py\` from a process started beside the node one: a change of load on
the shared machine hits every side alike. **Library** = \`classifier.classify(cells)\` on uint16 cells in memory: preprocessing
(per-channel standardization), batching, \`session.run\`, softmax and labels; file decoding excluded. The cells are an
array, so below batch 16 the classifier preprocesses 16 cells at a time and then runs them a batch at a time.
**Raw run** = a loop of \`session.run\` on one ready float32 tensor, same session options (the library's
\`sessionOptions\`, its \`session.force_spinning_stop\` entry included), on the graph the
library runs: for batches above one that is the graph with its convolutions rewritten as the library does
when it loads a bundle (\`rewriteConvolutions\`): at 64 x 64 the 2 x 2-map ones of stage 4 as dense matrix
products, the stride-1 3 x 3 ones of stages 2 and 3 as Winograd F(4x4, 3x3), and stage 4's stride-2 and
downsampling ones (2 x 2 outputs) as im2col matrix products; at 96 x 96 the stride-1 3 x 3 ones of stages 2, 3
and 4 as Winograd F(4x4, 3x3), F(3x3, 3x3) and F(3x3, 3x3), and stage 4's stride-2 and downsampling ones
(3 x 3 outputs) as im2col. The Winograd products are one matrix product per tile point on one thread; on two,
one batched product over all points, with the tiles as left operand on maps of several tiles and the weights
on a map of one. **Raw, as exported** = the same loop on the file as PyTorch exported it. **PyTorch** =
torch ${torchVersion} CPU, \`torch.no_grad()\`, the same standardization done in torch. \`web\` is onnxruntime-web
(wasm, SIMD) running in Node. Goals: library >= 1.3x PyTorch and >= 0.9x raw session.run.
**node raw / PyTorch** is the runtime's own ceiling: the library cannot beat PyTorch by more than the
bare \`session.run\` loop it wraps does.
On a machine shared with other jobs compare ratios, not absolute figures.

${table}
`;
  writeFileSync(outFile, text);
}

await main();
