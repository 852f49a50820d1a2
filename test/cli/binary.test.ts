import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { applyAugmentation } from "../../src/augment/pipeline";
import { writeBundle } from "../../src/classify/bundle";
import { parseCsv } from "../../src/cli/csv";
import { EXIT } from "../../src/cli/exit-codes";
import { readImage } from "../../src/io/image";
import { readNpz, writeNpz } from "../../src/io/npz";
import { readPng } from "../../src/io/png";
import { writeTiff } from "../../src/io/tiff-write";
import { loadBundleFile } from "../../src/node/runtime";
import { normalize } from "../../src/preprocess/normalize";
import { evaluateBinary } from "../../src/report/binary-evaluation";
import { resolveConfig } from "../../src/synth/config";
import { generateCells } from "../../src/synth/dataset";
import { datasetFiles } from "../../src/synth/dataset-files";
import { FIXTURES } from "../classify/fixtures";
import { buildIfStale, ROOT } from "../package/pack";

/** The built binary, as `npm install` would run it. */
const CLI = join(ROOT, "dist", "cli.js");

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function start(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function finish(child: ChildProcess): Promise<Result> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

function ctc(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Result> {
  return finish(start(args, cwd, env));
}

function csv(path: string): Record<string, string>[] {
  return parseCsv(readFileSync(path, "utf8"), path);
}

function header(path: string): string {
  return readFileSync(path, "utf8").split("\n")[0];
}

/** The one line of an error: the command's name, the message, nothing else. */
function expectOneErrorLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ctc [a-z ]+: error: /);
  expect(lines[0]).toMatch(pattern);
}

const DEFAULT_MODEL = join(ROOT, "models", "default.ctcmodel.zip");
const CELLS = 12;
const SIZE = 40;

describe("the ctc binary", () => {
  const dir = mkdtempSync(join(tmpdir(), "ctc-cli-"));
  const config = resolveConfig({ preset: "easy", cropSize: SIZE });
  const truth = new Map<string, string>();

  beforeAll(async () => {
    await buildIfStale();
    mkdirSync(join(dir, "cells"));
    for (const cell of generateCells(11, config, { count: CELLS })) {
      const name = `cells/cell-${String(cell.truth.index).padStart(2, "0")}.tif`;
      writeFileSync(join(dir, name), writeTiff(cell.stack));
      truth.set(`${name}#0`, cell.truth.label);
    }
    // The last two cells have no label: evaluate must count and skip them.
    const rows = [...truth].slice(0, CELLS - 2).map(([id, label]) => `${id.replace("#", ",")},${label}`);
    writeFileSync(join(dir, "labels.csv"), `source,index,label\n${rows.join("\n")}\n`);
  }, 300_000);

  describe("classify", () => {
    it("writes the golden CSV columns, one row per cell, and no progress when piped", async () => {
      const r = await ctc(["classify", "cells", "-o", "out"], dir);
      expect(r.code).toBe(EXIT.ok);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/^12 cells, \d+ called CTC at threshold/);
      const path = join(dir, "out", "predictions.csv");
      expect(header(path)).toBe("id,source,index,label,positive_probability,p_non-CTC,p_CTC");
      const rows = csv(path);
      expect(rows.map((row) => row.id)).toEqual([...truth.keys()]);
      for (const row of rows) {
        expect(Number(row.p_CTC)).toBe(Number(row.positive_probability));
        expect(Number(row["p_non-CTC"]) + Number(row.p_CTC)).toBeCloseTo(1, 6);
      }
    });

    it("exits 1 for a bad option, with one line naming it", async () => {
      const r = await ctc(["classify", "cells", "--batch", "0"], dir);
      expect(r.code).toBe(EXIT.usage);
      expectOneErrorLine(r.stderr, /--batch must be a positive integer/);
      const unknown = await ctc(["classify", "cells", "--frobnicate"], dir);
      expect(unknown.code).toBe(EXIT.usage);
      expectOneErrorLine(unknown.stderr, /frobnicate/);
    });

    it("exits 2 for a corrupt TIFF, with one line naming the file", async () => {
      mkdirSync(join(dir, "corrupt"), { recursive: true });
      writeFileSync(join(dir, "corrupt", "broken.tif"), Buffer.from("II*\0this is not a tiff at all"));
      const r = await ctc(["classify", "corrupt/broken.tif", "-o", "out-corrupt"], dir);
      expect(r.code).toBe(EXIT.input);
      expectOneErrorLine(r.stderr, /corrupt\/broken\.tif/);
    });

    it("exits 2 for a NaN pixel, naming the file and the cell's index in it, not its place in the stream", async () => {
      const x = new Float32Array(5 * 4 * 8 * 8).fill(1);
      x[(3 * 4 + 1) * 64 + 2 * 8 + 2] = Number.NaN;
      writeFileSync(
        join(dir, "nan.npz"),
        writeNpz({ x: { data: x, shape: [5, 4, 8, 8], dtype: "float32" } }),
      );
      const r = await ctc(
        ["classify", "nan.npz", "--channels", "BF,DAPI,CK,CD45", "--batch", "2", "-o", "out-nan"],
        dir,
      );
      expect(r.code).toBe(EXIT.input);
      expectOneErrorLine(r.stderr, /nan\.npz: cell 3: channel "DAPI": pixel \(y=2, x=2\) is NaN/);
    });

    it("exits 3 for a model whose input does not fit, with one line", async () => {
      const card = JSON.parse(readFileSync(join(FIXTURES, "small-resnet.json"), "utf8"));
      const { format: _f, formatVersion: _v, sha256: _s, ...init } = card;
      const channels = ["DAPI", "CK", "CD45", "BF"];
      const bytes = await writeBundle(new Uint8Array(readFileSync(join(FIXTURES, "small-resnet.onnx"))), {
        ...init,
        input: { ...init.input, channels },
        preprocess: { ...init.preprocess, channels },
      });
      writeFileSync(join(dir, "four-channels.zip"), bytes);
      const r = await ctc(["classify", "cells", "--model", "four-channels.zip", "-o", "out-model"], dir);
      expect(r.code).toBe(EXIT.model);
      expectOneErrorLine(r.stderr, /channel count differs/);
    });

    it("resumes after a killed run: every cell exactly once, no journal or temporary files left", async () => {
      const n = 2000;
      const side = 32;
      const x = new Uint16Array(n * 3 * side * side);
      let state = 12345;
      for (let i = 0; i < x.length; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        x[i] = state >>> 20;
      }
      writeFileSync(
        join(dir, "many.npz"),
        writeNpz({ x: { data: x, shape: [n, 3, side, side], dtype: "uint16" } }),
      );
      const args = [
        "classify",
        "many.npz",
        "--channels",
        "DAPI,CK,CD45",
        "--model",
        join(FIXTURES, "small-resnet.zip"),
        "--batch",
        "8",
        "--threads",
        "1",
        "-o",
        "out-resume",
      ];
      const journal = join(dir, "out-resume", ".ctc-journal.jsonl");
      const child = start(args, dir);
      const ended = finish(child);
      await new Promise<void>((done) => {
        const poll = setInterval(() => {
          const lines = existsSync(journal) ? readFileSync(journal, "utf8").split("\n").length - 1 : 0;
          if (lines > 0 || child.exitCode !== null) {
            clearInterval(poll);
            child.kill("SIGKILL");
            done();
          }
        }, 5);
      });
      const killed = await ended;
      // The run must really have been cut short, or this test proves nothing.
      expect(killed.code).toBeNull();
      expect(existsSync(join(dir, "out-resume", "predictions.csv"))).toBe(false);
      const before = readFileSync(journal, "utf8").split("\n").length - 1;
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(n);

      const resumed = await ctc([...args, "--resume", "--quiet"], dir);
      expect(resumed.code).toBe(EXIT.ok);
      const ids = csv(join(dir, "out-resume", "predictions.csv")).map((row) => row.id);
      expect(ids).toHaveLength(n);
      expect(new Set(ids)).toEqual(new Set(Array.from({ length: n }, (_, i) => `many.npz#${i}`)));
      expect(readdirSync(join(dir, "out-resume")).sort()).toEqual(["predictions.csv", "predictions.json"]);
    });
  });

  it("demo writes report.html", async () => {
    const r = await ctc(["demo", "-o", "demo", "--quiet"], dir);
    expect(r.code).toBe(EXIT.ok);
    const html = readFileSync(join(dir, "demo", "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('id="evaluation"');
  });

  it("evaluate --json gives the library's numbers on the same data and counts unlabelled cells", async () => {
    const classified = await ctc(["classify", "cells", "-o", "out-eval", "--quiet"], dir);
    expect(classified.code).toBe(EXIT.ok);
    const r = await ctc(
      ["evaluate", "-p", "out-eval/predictions.csv", "-l", "labels.csv", "--json", "--resamples", "200"],
      dir,
    );
    expect(r.code).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout);
    const run = JSON.parse(readFileSync(join(dir, "out-eval", "predictions.json"), "utf8"));
    const labelledIds = new Set([...truth.keys()].slice(0, CELLS - 2));
    const labelled = csv(join(dir, "out-eval", "predictions.csv")).filter((row) => labelledIds.has(row.id));
    const expected = evaluateBinary(
      labelled.map((row) => (truth.get(row.id) === "CTC" ? 1 : 0)),
      labelled.map((row) => Number(row.positive_probability)),
      run.threshold,
      { resamples: 200, seed: 0 },
    );
    expect(json.unlabelled).toBe(2);
    expect(json.positiveClass).toBe("CTC");
    expect(json.threshold).toBe(run.threshold);
    const { cells, positives, threshold, metrics, thresholds } = json;
    expect({ cells, positives, threshold, metrics, thresholds }).toEqual(
      JSON.parse(JSON.stringify(expected)),
    );

    const page = await ctc(
      ["evaluate", "-p", "out-eval/predictions.csv", "-l", "labels.csv", "--report", "ev.html"],
      dir,
    );
    expect(page.code).toBe(EXIT.ok);
    expect(page.stdout).toMatch(/10 labelled cells .*; 2 cells without a label left out/);
    expect(readFileSync(join(dir, "ev.html"), "utf8")).toContain("Evaluation against labels");
  });

  it("synth writes a dataset that reads back as the library made it", async () => {
    const r = await ctc(
      ["synth", "--out", "sim", "--count", "5", "--seed", "4", "--size", "32", "--preset", "easy"],
      dir,
    );
    expect(r.code).toBe(EXIT.ok);
    const files = [...datasetFiles(4, resolveConfig({ preset: "easy", cropSize: 32 }), { count: 5 })];
    expect(files.map((f) => f.path)).toEqual(["shard-00000.npz", "manifest.csv"]);
    for (const file of files)
      expect(new Uint8Array(readFileSync(join(dir, "sim", file.path)))).toEqual(file.bytes);
    expect(
      readNpz(new Uint8Array(readFileSync(join(dir, "sim", "shard-00000.npz")))).get("x")?.shape,
    ).toEqual([5, 4, 32, 32]);
    expect(readdirSync(join(dir, "sim")).sort()).toEqual(["manifest.csv", "shard-00000.npz"]);
  });

  it("synth --field and detect: the detector finds the simulated cells", async () => {
    const made = await ctc(
      ["synth", "--out", "field", "--field", "384x320", "--seed", "3", "--preset", "easy"],
      dir,
    );
    expect(made.code).toBe(EXIT.ok);
    const field = readImage(new Uint8Array(readFileSync(join(dir, "field", "field-3.tif"))));
    expect([field.width, field.height, field.channels]).toEqual([384, 320, ["BF", "DAPI", "CK", "CD45"]]);
    const coco = JSON.parse(readFileSync(join(dir, "field", "field-3.coco.json"), "utf8"));
    expect(coco.images[0].file_name).toBe("field-3.tif");
    const objects = coco.annotations.length;
    expect(objects).toBeGreaterThan(5);

    const r = await ctc(
      ["detect", "field/field-3.tif", "-o", "det", "--report", "report.html", "--quiet"],
      dir,
    );
    expect(r.code).toBe(EXIT.ok);
    const rows = csv(join(dir, "det", "detections.csv"));
    expect(rows.length).toBeGreaterThanOrEqual(Math.floor(objects * 0.7));
    expect(rows.length).toBeLessThanOrEqual(Math.ceil(objects * 1.5));
    expect(rows[0].id).toBe("field/field-3.tif#0");
    const results = JSON.parse(readFileSync(join(dir, "det", "detections.coco.json"), "utf8"));
    expect(results).toHaveLength(rows.length);
    expect(results[0]).toMatchObject({
      image_id: 1,
      category_id: expect.any(Number),
      score: expect.any(Number),
    });
    expect(readFileSync(join(dir, "det", "report.html"), "utf8")).toContain(
      `${rows.length} cells in 1 field`,
    );
  });

  it("augment --gallery writes a PNG, and --out writes shards whose log replays", async () => {
    const gallery = await ctc(["augment", "--gallery", "gallery.png", "--quiet"], dir);
    expect(gallery.code).toBe(EXIT.ok);
    const png = readPng(new Uint8Array(readFileSync(join(dir, "gallery.png"))));
    expect(png.channels).toHaveLength(3);
    expect(png.width).toBeGreaterThan(png.height);

    const r = await ctc(
      [
        "augment",
        "cells/cell-00.tif",
        "cells/cell-01.tif",
        "--out",
        "aug",
        "--copies",
        "2",
        "--seed",
        "5",
        "-q",
      ],
      dir,
    );
    expect(r.code).toBe(EXIT.ok);
    const x = readNpz(new Uint8Array(readFileSync(join(dir, "aug", "augmented-00000.npz")))).get("x");
    if (x === undefined) throw new Error("the shard holds no x");
    expect(x.shape).toEqual([4, 4, SIZE, SIZE]);
    const log = JSON.parse(readFileSync(join(dir, "aug", "augment-log.json"), "utf8"));
    expect(log.samples.map((s: { cell: number; copy: number }) => [s.cell, s.copy])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const cell = readImage(new Uint8Array(readFileSync(join(dir, "cells", "cell-01.tif"))));
    const scaled = normalize(cell, {
      op: "scale_range",
      mode: "per_sample",
      min_percentile: 1,
      max_percentile: 99.8,
    });
    const replayed = applyAugmentation(scaled, log.samples[3].record).stack.data;
    const plane = 4 * SIZE * SIZE;
    expect(Float32Array.from(replayed)).toEqual((x.data as Float32Array).subarray(3 * plane, 4 * plane));
  });

  it("train without PyTorch exits 4 and says how to install it", async () => {
    const r = await ctc(["train", "--config", "c.json", "--out", "runs"], dir, {
      CTC_PYTHON: "/nonexistent/python3",
    });
    expect(r.code).toBe(EXIT.runtime);
    expectOneErrorLine(r.stderr, /apt-get install -y python3-torch python3-torchvision python3-onnx/);
  });

  it("model info --json prints the card", async () => {
    const r = await ctc(["model", "info", "--json"], dir);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toEqual((await loadBundleFile(DEFAULT_MODEL)).card);
  });

  it("bench --json measures the default model", async () => {
    const r = await ctc(["bench", "--cells", "16", "--batch", "4,8", "--json"], dir);
    expect(r.code).toBe(EXIT.ok);
    const { rows } = JSON.parse(r.stdout);
    expect(rows.map((row: { batch: number; cells: number }) => [row.batch, row.cells])).toEqual([
      [4, 16],
      [8, 16],
    ]);
    for (const row of rows) expect(row.cellsPerSecond).toBeGreaterThan(0);
  });

  it("documents every command with examples and exit codes", async () => {
    for (const command of ["evaluate", "synth", "augment", "detect", "train", "bench"]) {
      const r = await ctc([command, "--help"], dir);
      expect(r.code).toBe(EXIT.ok);
      expect(r.stdout).toContain(`Usage: ctc ${command}`);
      expect(r.stdout).toMatch(/Examples:\n {2}ctc /);
      expect(r.stdout).toContain("Exit codes:");
    }
  });
});
