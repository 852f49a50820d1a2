"""The training configuration: one JSON file read by both the trainer (this package) and the streamer.

Python reads ``name``, ``seed``, ``model``, ``train`` and ``cv.onlyFolds``; the Node streamer reads
``data``, ``channels``, ``preprocess``, ``augment``, ``cv`` and ``eval``. See ``training/README.md``
for every field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

IMBALANCE = ("weighted_loss", "balanced_sampling", "none")


@dataclass
class TrainOptions:
    """Optimisation settings (``train`` in the JSON)."""

    epochs: int = 30
    batch_size: int = 64
    lr: float = 1e-3
    weight_decay: float = 1e-4
    imbalance: str = "weighted_loss"
    label_smoothing: float = 0.0
    warmup_epochs: int = 1

    @staticmethod
    def from_json(data: dict[str, Any]) -> "TrainOptions":
        options = TrainOptions(
            epochs=int(data.get("epochs", 30)),
            batch_size=int(data.get("batchSize", 64)),
            lr=float(data.get("lr", 1e-3)),
            weight_decay=float(data.get("weightDecay", 1e-4)),
            imbalance=str(data.get("imbalance", "weighted_loss")),
            label_smoothing=float(data.get("labelSmoothing", 0.0)),
            warmup_epochs=int(data.get("warmupEpochs", 1)),
        )
        if options.imbalance not in IMBALANCE:
            raise ValueError(f"train.imbalance must be one of {IMBALANCE}, got {options.imbalance!r}")
        if options.epochs < 1 or options.batch_size < 2:
            raise ValueError("train.epochs must be >= 1 and train.batchSize >= 2")
        return options


@dataclass
class TrainConfig:
    """The parts of the configuration the trainer needs, plus the raw JSON for provenance."""

    path: Path
    name: str
    seed: int
    model: dict[str, Any]
    train: TrainOptions
    only_folds: list[int] | None
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    @staticmethod
    def load(path: str | Path) -> "TrainConfig":
        path = Path(path).resolve()
        raw = json.loads(path.read_text())
        model = dict(raw.get("model", {"arch": "small_resnet"}))
        only = raw.get("cv", {}).get("onlyFolds")
        return TrainConfig(
            path=path,
            name=str(raw.get("name", path.stem)),
            seed=int(raw.get("seed", 1)),
            model=model,
            train=TrainOptions.from_json(raw.get("train", {})),
            only_folds=[int(f) for f in only] if only is not None else None,
            raw=raw,
        )
