"""Cross-validated training: one network per fold, fed by the Node streamer, exported to ONNX.

The streamer owns the data: it splits folds with the library's splitters, preprocesses and augments
with the library, writes the bundles and evaluates them through the library. This module owns the
sample order, the network, the loss and the optimiser.
"""

from __future__ import annotations

import json
import math
import random
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch
from torch import nn

from . import __version__
from .config import TrainConfig
from .export import check_onnx, export_onnx
from .hardware import describe
from .models import build_model, count_parameters
from .stream import Streamer

Log = Callable[[str], None]


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and PyTorch (CPU and CUDA)."""
    random.seed(seed)
    np.random.seed(seed % (2**32))
    torch.manual_seed(seed)


def class_weights(labels: np.ndarray, num_classes: int) -> np.ndarray:
    """Inverse-frequency weights ``n / (K * n_c)`` (scikit-learn's "balanced"); absent classes get 0."""
    counts = np.bincount(labels, minlength=num_classes).astype(np.float64)
    weights = np.zeros(num_classes)
    present = counts > 0
    weights[present] = len(labels) / (present.sum() * counts[present])
    return weights


def epoch_order(
    train_index: np.ndarray, labels: np.ndarray, imbalance: str, rng: np.random.Generator
) -> np.ndarray:
    """The sample order of one epoch: a permutation, or a class-balanced draw with replacement."""
    if imbalance != "balanced_sampling":
        return rng.permutation(train_index)
    y = labels[train_index]
    counts = np.bincount(y)
    p = 1.0 / counts[y]
    return rng.choice(train_index, size=len(train_index), replace=True, p=p / p.sum())


def lr_at(step: int, total: int, warmup: int, base: float) -> float:
    """Linear warm-up, then cosine decay to zero."""
    if step < warmup:
        return base * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return base * 0.5 * (1 + math.cos(math.pi * progress))


def train_fold(
    streamer: Streamer,
    config: TrainConfig,
    hello: dict[str, Any],
    fold: int,
    device: torch.device,
    out_dir: Path,
    log: Log,
) -> dict[str, Any]:
    """Train, export and hand one fold to the streamer for bundling and evaluation."""
    options = config.train
    split = hello["folds"][fold]
    labels = np.asarray(hello["labels"], dtype=np.int64)
    train_index = np.asarray(split["train"], dtype=np.int64)
    test_index = np.asarray(split["test"], dtype=np.int64)
    num_classes = len(hello["classes"])
    channels, height, width = hello["inputShape"]

    fold_seed = config.seed * 1000 + fold
    seed_everything(fold_seed)
    arch_options = {key: value for key, value in config.model.items() if key != "arch"}
    model = build_model(config.model.get("arch", "small_resnet"), channels, num_classes, **arch_options).to(device)
    weights = None
    if options.imbalance == "weighted_loss":
        weights = torch.tensor(class_weights(labels[train_index], num_classes), dtype=torch.float32, device=device)
    loss_fn = nn.CrossEntropyLoss(weight=weights, label_smoothing=options.label_smoothing)
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        (no_decay if param.ndim <= 1 else decay).append(param)
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": options.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=options.lr,
    )
    steps_per_epoch = max(1, len(train_index) // options.batch_size)
    total_steps = steps_per_epoch * options.epochs
    warmup = steps_per_epoch * options.warmup_epochs
    rng = np.random.default_rng([config.seed, fold])

    history = []
    step = 0
    started = time.perf_counter()
    images = 0
    for epoch in range(options.epochs):
        model.train()
        order = epoch_order(train_index, labels, options.imbalance, rng)
        # Drop the ragged tail so every step sees a full batch (BatchNorm needs more than one sample).
        order = order[: max(options.batch_size, len(order) // options.batch_size * options.batch_size)]
        loss_sum, seen, epoch_start = 0.0, 0, time.perf_counter()
        for x, y, _ in streamer.batches(
            fold=fold, indices=order.tolist(), epoch=epoch, seed=fold_seed, augment=True, batchSize=options.batch_size
        ):
            if len(y) < 2:
                continue
            for group in optimizer.param_groups:
                group["lr"] = lr_at(step, total_steps, warmup, options.lr)
            xb = torch.from_numpy(x).to(device, non_blocking=True)
            yb = torch.from_numpy(y).to(device, non_blocking=True)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            loss_sum += float(loss.detach()) * len(y)
            seen += len(y)
            step += 1
        images += seen
        seconds = time.perf_counter() - epoch_start
        history.append({"epoch": epoch, "loss": loss_sum / max(1, seen), "seconds": round(seconds, 3)})
        log(f"fold {fold} epoch {epoch + 1}/{options.epochs} loss {loss_sum / max(1, seen):.4f} "
            f"({seen / max(seconds, 1e-9):.0f} images/s)")
    train_seconds = time.perf_counter() - started

    fold_dir = out_dir / f"fold-{fold}"
    onnx_path = export_onnx(model, fold_dir / "model.onnx", channels, height, width)
    check_onnx(onnx_path)

    # The trainer's own logits on held-out cells, computed on the CPU in float32: the streamer compares
    # them with what the library computes from the raw cells through the exported bundle.
    parity_index = test_index[: min(64, len(test_index))]
    cpu_model = model.to("cpu").eval()
    logits, index = [], []
    with torch.no_grad():
        for x, _, idx in streamer.batches(
            fold=fold, indices=parity_index.tolist(), epoch=0, seed=fold_seed, augment=False, batchSize=64
        ):
            logits.append(cpu_model(torch.from_numpy(x)).numpy())
            index.append(idx)
    np.save(fold_dir / "parity_logits.npy", np.concatenate(logits).astype(np.float32))
    np.save(fold_dir / "parity_index.npy", np.concatenate(index).astype(np.int32))

    training = {
        "trainer": f"ctc_train {__version__}",
        "arch": config.model.get("arch", "small_resnet"),
        "model": config.model,
        "parameters": count_parameters(model),
        "epochs": options.epochs,
        "batchSize": options.batch_size,
        "lr": options.lr,
        "weightDecay": options.weight_decay,
        "optimizer": "AdamW, linear warm-up then cosine decay",
        "imbalance": options.imbalance,
        "seed": fold_seed,
        "trainCells": int(len(train_index)),
        "trainSeconds": round(train_seconds, 2),
        "imagesPerSecond": round(images / max(train_seconds, 1e-9), 1),
        "finalLoss": history[-1]["loss"],
        "hardware": describe(device),
        "history": history,
    }
    result = streamer.request(
        "finish_fold",
        fold=fold,
        dir=str(fold_dir.resolve()),
        onnx=str(onnx_path.resolve()),
        parityLogits=str((fold_dir / "parity_logits.npy").resolve()),
        parityIndex=str((fold_dir / "parity_index.npy").resolve()),
        training=training,
    )
    log(f"fold {fold}: {json.dumps(result.get('metrics', {}))} parity max |diff| {result.get('parityMaxAbsDiff')}")
    return {"fold": fold, "training": training, "evaluation": result}


def run_cv(
    config: TrainConfig,
    out_dir: Path,
    device: torch.device,
    streamer_command: list[str] | None,
    log: Log = print,
    summarize: bool = True,
) -> dict[str, Any]:
    """Train every fold (or ``cv.onlyFolds``), then let the streamer write bundles and the CV report."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    with Streamer(config.path, streamer_command) as streamer:
        hello = streamer.request("hello")
        log(f"{hello['cells']} cells, classes {hello['classes']}, input {hello['inputShape']}, "
            f"{len(hello['folds'])} folds ({hello['splitter']})")
        folds = config.only_folds if config.only_folds is not None else list(range(len(hello["folds"])))
        results = [train_fold(streamer, config, hello, fold, device, out_dir, log) for fold in folds]
        summary = streamer.request("finish_cv", dir=str(out_dir.resolve()), folds=folds) if summarize else {}
    (out_dir / f"training-{'-'.join(map(str, folds))}.json").write_text(json.dumps({"config": config.raw, "folds": results}, indent=2))
    return summary
