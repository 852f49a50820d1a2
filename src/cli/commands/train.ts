import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { CtcError } from "../../core/errors";
import type { Command } from "../command";
import { EXIT, UsageError } from "../exit-codes";
import { positiveIntegerOption } from "../option-values";
import { packageRoot } from "../package-root";

/** The Python that runs the trainer unless `CTC_PYTHON` names another (Debian's carries PyTorch). */
const DEFAULT_PYTHON = "/usr/bin/python3";

const INSTALL = "apt-get install -y python3-torch python3-torchvision python3-onnx";

function trainerArguments(options: Record<string, unknown>, cwd: string): string[] {
  if (typeof options.config !== "string") throw new UsageError("--config JSON is required");
  if (typeof options.out !== "string") throw new UsageError("--out DIR is required");
  positiveIntegerOption(options.epochs, "epochs");
  positiveIntegerOption(options.threads, "threads");
  const args = [
    ...(typeof options.streamer === "string" ? ["--streamer", options.streamer] : []),
    "train",
    // The trainer runs in training/, so paths are made absolute against the user's folder first.
    "--config",
    resolve(cwd, options.config),
    "--out",
    resolve(cwd, options.out),
  ];
  for (const name of ["device", "folds", "epochs", "threads"]) {
    if (typeof options[name] === "string") args.push(`--${name}`, options[name] as string);
  }
  if (options["no-summary"] === true) args.push("--no-summary");
  return args;
}

/** `ctc train`: run the PyTorch trainer of the repository's `training/` folder. */
export const trainCommand: Command = {
  name: "train",
  summary:
    "train models with the Python trainer (PyTorch) in training/; says how to install PyTorch if missing",
  usage: "--config JSON --out DIR [options]   (Python: $CTC_PYTHON, default /usr/bin/python3)",
  options: {
    config: {
      type: "string",
      short: "c",
      value: "JSON",
      description: "training configuration (see training/configs)",
    },
    out: {
      type: "string",
      short: "o",
      value: "DIR",
      description: "output folder: one bundle per fold, the ensemble",
    },
    device: { type: "string", value: "DEVICE", description: "auto, cpu, cuda, cuda:1 ...", default: "auto" },
    folds: { type: "string", value: "LIST", description: "comma-separated folds to train", default: "all" },
    epochs: { type: "string", value: "N", description: "override the configuration's epochs" },
    threads: { type: "string", value: "N", description: "PyTorch CPU threads" },
    "no-summary": {
      type: "boolean",
      description: "skip the cross-validation summary (folds run separately)",
    },
    streamer: {
      type: "string",
      value: "CMD",
      description: "command that starts the Node data streamer",
      default: "$CTC_STREAMER, else node --import tsx training/stream.ts",
    },
  },
  examples: [
    "ctc train --config training/configs/ci.json --out runs/ci",
    "ctc train -c training/configs/default.json -o runs/default --device cuda --folds 0,1",
    "CTC_PYTHON=/opt/venv/bin/python ctc train -c my-config.json -o runs/mine --epochs 5",
  ],
  async run({ options, stdout, stderr, cwd, signal }) {
    const args = trainerArguments(options, cwd);
    const python = process.env.CTC_PYTHON ?? DEFAULT_PYTHON;
    const probe = spawnSync(python, ["-c", "import torch"], { stdio: "ignore" });
    if (probe.error !== undefined || probe.status !== 0) {
      throw new CtcError(
        "RUNTIME_ERROR",
        `PyTorch is not available to ${python}; install it with: ${INSTALL} (or point CTC_PYTHON at a Python that has it)`,
      );
    }
    const trainingDir = join(packageRoot(), "training");
    if (!existsSync(join(trainingDir, "ctc_train", "__main__.py"))) {
      throw new CtcError(
        "RUNTIME_ERROR",
        "the trainer is not here: ctc train needs a checkout of the repository",
        {
          file: trainingDir,
        },
      );
    }
    const pythonPath = [trainingDir, process.env.PYTHONPATH].filter((p) => p !== undefined && p !== "");
    const child = spawn(python, ["-m", "ctc_train", ...args], {
      cwd: trainingDir,
      env: { ...process.env, PYTHONPATH: pythonPath.join(delimiter) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => stdout.write(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => stderr.write(chunk.toString()));
    // Passed on so that the trainer (and the streamer it started) stops with us rather than running on.
    const interrupt = () => child.kill("SIGINT");
    signal.addEventListener("abort", interrupt, { once: true });
    const code = await new Promise<number | null>((done, fail) => {
      child.on("error", fail);
      child.on("close", done);
    }).finally(() => signal.removeEventListener("abort", interrupt));
    if (signal.aborted) throw new CtcError("ABORTED", "training interrupted");
    if (code !== 0) throw new CtcError("RUNTIME_ERROR", `the trainer exited with code ${code ?? "(killed)"}`);
    return EXIT.ok;
  },
};
