"""PyTorch CPU reference for bench/classify/run.ts: cells/s of ResNet-18 (4 channels) with the same
preprocessing (uint16 -> per-dataset standardization) done in PyTorch.

    /usr/bin/python3 bench/classify/reference.py

Serves timings so that the benchmark can interleave PyTorch with ONNX Runtime, repetition by
repetition, and a change of load on the shared machine hits both sides alike: each request line on
stdin is "<size> <batch> <threads> <cells>", each answer line on stdout is the cells/s of one pass over
that many seeded cells, after one untimed batch.
"""

import sys
import time

import numpy as np
import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from make_models import model  # noqa: E402


def measure(net, size, batch, cells):
    rng = np.random.default_rng(0)
    raw = rng.integers(0, 4096, size=(cells, 4, size, size), dtype=np.uint16)
    mean = torch.full((1, 4, 1, 1), 1000.0)
    std = torch.full((1, 4, 1, 1), 500.0)
    with torch.no_grad():
        # One untimed batch before every timed pass, as the benchmark gives each ONNX Runtime side.
        net(torch.zeros(batch, 4, size, size))
        t0 = time.perf_counter()
        for start in range(0, cells, batch):
            x = torch.from_numpy(raw[start : start + batch].astype(np.float32))
            net((x - mean) / (std + 1e-6))
        return cells / (time.perf_counter() - t0)


def main():
    net = model()
    for line in sys.stdin:
        size, batch, threads, cells = map(int, line.split())
        torch.set_num_threads(threads)
        print(measure(net, size, batch, cells), flush=True)


if __name__ == "__main__":
    main()
