"""Training-speed benchmark: forward + backward + optimiser step on random batches (images/s)."""

from __future__ import annotations

import time

import torch
from torch import nn

from .models import build_model


def train_step_rate(
    arch: str,
    channels: int,
    size: int,
    batch: int,
    device: torch.device,
    steps: int = 20,
    warmup: int = 3,
    **options: object,
) -> float:
    """Images per second of one training step, averaged over ``steps`` after ``warmup`` steps."""
    torch.manual_seed(0)
    model = build_model(arch, channels, 2, **options).to(device).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch, channels, size, size, device=device)
    y = torch.randint(0, 2, (batch,), device=device)

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    start = time.perf_counter()
    for _ in range(steps):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return steps * batch / (time.perf_counter() - start)
