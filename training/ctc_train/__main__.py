"""Command line: ``python3 -m ctc_train {train,summarize,dump,bench} ...`` (run from ``training/``).

Examples::

    cd training
    /usr/bin/python3 -m ctc_train train --config configs/default.json --out ../models/runs/default
    /usr/bin/python3 -m ctc_train bench --arch small_resnet --size 64 --channels 4
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

import numpy as np

from .config import TrainConfig
from .npy import write_frame
from .stream import Streamer

# PyTorch is imported only by the commands that need it, so `dump` runs with NumPy alone.


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_folds(text: str | None) -> list[int] | None:
    return None if text is None else [int(part) for part in text.split(",") if part != ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ctc_train", description=__doc__.splitlines()[0])
    parser.add_argument("--streamer", help="command that starts the Node streamer (default: $CTC_STREAMER, "
                        "else 'node --import tsx training/stream.ts')")
    sub = parser.add_subparsers(dest="command", required=True)

    train = sub.add_parser("train", help="cross-validated training; one bundle per fold")
    train.add_argument("--config", required=True)
    train.add_argument("--out", required=True, help="output folder (bundles, reports)")
    train.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1 ...")
    train.add_argument("--folds", help="comma-separated folds to train (default: all, or cv.onlyFolds)")
    train.add_argument("--epochs", type=int, help="override train.epochs")
    train.add_argument("--threads", type=int, help="torch.set_num_threads")
    train.add_argument("--no-summary", action="store_true",
                       help="skip the CV summary (when folds run in separate processes; run 'summarize' after)")

    summarize = sub.add_parser("summarize", help="write CV figures into the fold bundles and the ensemble")
    summarize.add_argument("--config", required=True)
    summarize.add_argument("--out", required=True)
    summarize.add_argument("--folds", help="comma-separated folds (default: all)")

    dump = sub.add_parser("dump", help="save one streamed batch exactly as the trainer receives it")
    dump.add_argument("--config", required=True)
    dump.add_argument("--out", required=True)
    dump.add_argument("--fold", type=int, default=0)
    dump.add_argument("--epoch", type=int, default=0)
    dump.add_argument("--seed", type=int, default=0)
    dump.add_argument("--indices", required=True, help="comma-separated cell indices")
    dump.add_argument("--augment", action="store_true")

    bench = sub.add_parser("bench", help="training images/s on random data")
    bench.add_argument("--arch", default="small_resnet")
    bench.add_argument("--channels", type=int, default=4)
    bench.add_argument("--size", type=int, default=64)
    bench.add_argument("--batch", type=int, default=64)
    bench.add_argument("--steps", type=int, default=20)
    bench.add_argument("--device", default="auto")
    bench.add_argument("--threads", type=int)
    bench.add_argument("--width", type=int, default=16)

    stream_bench = sub.add_parser("bench-stream", help="cells/s that the streamer delivers for a config")
    stream_bench.add_argument("--config", required=True)
    stream_bench.add_argument("--cells", type=int, default=1024)

    args = parser.parse_args(argv)
    command = shlex.split(args.streamer) if args.streamer else None
    if getattr(args, "threads", None):
        import torch

        torch.set_num_threads(args.threads)

    if args.command == "train":
        from .hardware import describe, pick_device
        from .train import run_cv

        config = TrainConfig.load(args.config)
        if args.folds is not None:
            config.only_folds = parse_folds(args.folds)
        if args.epochs is not None:
            config.train.epochs = args.epochs
        device = pick_device(args.device)
        log(f"training on {json.dumps(describe(device))}")
        summary = run_cv(config, Path(args.out), device, command, log, summarize=not args.no_summary)
        print(json.dumps(summary, indent=2))
        return 0

    if args.command == "summarize":
        config = TrainConfig.load(args.config)
        with Streamer(config.path, command) as streamer:
            hello = streamer.request("hello")
            folds = parse_folds(args.folds) or list(range(len(hello["folds"])))
            summary = streamer.request("finish_cv", dir=str(Path(args.out).resolve()), folds=folds)
        print(json.dumps(summary, indent=2))
        return 0

    if args.command == "dump":
        config = TrainConfig.load(args.config)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        indices = [int(i) for i in args.indices.split(",")]
        with Streamer(config.path, command) as streamer:
            parts = list(streamer.batches(fold=args.fold, indices=indices, epoch=args.epoch, seed=args.seed,
                                          augment=args.augment, batchSize=len(indices)))
            spec = streamer.request("spec", fold=args.fold)["spec"]
        (out / "spec.json").write_text(json.dumps(spec, indent=2))
        for name, k in (("x", 0), ("y", 1), ("index", 2)):
            array = np.concatenate([p[k] for p in parts])
            with open(out / f"{name}.npy", "wb") as handle:
                # Labels travel as int32 (the trainer widens them to int64); save them as they travelled.
                write_frame(handle, array.astype(np.int32) if name == "y" else array)
        return 0

    if args.command == "bench-stream":
        import time

        config = TrainConfig.load(args.config)
        rates = {}
        with Streamer(config.path, command) as streamer:
            hello = streamer.request("hello")
            indices = (hello["folds"][0]["train"] * 8)[: args.cells]
            for augment in (False, True):
                start, seen = time.perf_counter(), 0
                for _, y, _ in streamer.batches(fold=0, indices=indices, epoch=0, seed=1, augment=augment,
                                                batchSize=64):
                    seen += len(y)
                rates["augmented" if augment else "plain"] = round(seen / (time.perf_counter() - start), 1)
        print(json.dumps({"config": config.name, "cellsPerSecond": rates}))
        return 0

    if args.command == "bench":
        from .bench import train_step_rate
        from .hardware import describe, pick_device

        device = pick_device(args.device)
        rate = train_step_rate(args.arch, args.channels, args.size, args.batch, device, steps=args.steps,
                               width=args.width)
        print(json.dumps({"arch": args.arch, "channels": args.channels, "size": args.size, "batch": args.batch,
                          "imagesPerSecond": round(rate, 1), "hardware": describe(device)}))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
