"""PyTorch CPU reference for bench/classify/run.ts: cells/s of ResNet-18 (4 channels) with the same
preprocessing (uint16 -> per-dataset standardization) done in PyTorch, per size, batch and thread count.

    /usr/bin/python3 bench/classify/reference.py --sizes 64,96 --batches 1,16,64 --threads 1,2 --min-cells 128

Prints one JSON object: {"<size>/<batch>/<threads>": cells_per_second, ...}.
"""

import argparse
import json
import sys
import time

import numpy as np
import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from make_models import model  # noqa: E402


def measure(net, size, batch, cells, reps):
    rng = np.random.default_rng(0)
    raw = rng.integers(0, 4096, size=(cells, 4, size, size), dtype=np.uint16)
    mean = torch.full((1, 4, 1, 1), 1000.0)
    std = torch.full((1, 4, 1, 1), 500.0)

    def once():
        with torch.no_grad():
            for start in range(0, cells, batch):
                x = torch.from_numpy(raw[start : start + batch].astype(np.float32))
                net((x - mean) / (std + 1e-6))

    with torch.no_grad():
        net(torch.zeros(batch, 4, size, size))
    best = 0.0
    for _ in range(reps):
        t0 = time.perf_counter()
        once()
        best = max(best, cells / (time.perf_counter() - t0))
    return best


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="64,96")
    p.add_argument("--batches", default="1,16,64")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--min-cells", type=int, default=128)
    p.add_argument("--reps", type=int, default=3)
    a = p.parse_args()
    net = model()
    out = {}
    for threads in map(int, a.threads.split(",")):
        torch.set_num_threads(threads)
        for size in map(int, a.sizes.split(",")):
            for batch in map(int, a.batches.split(",")):
                cells = batch * max(1, -(-a.min_cells // batch))
                out[f"{size}/{batch}/{threads}"] = measure(net, size, batch, cells, a.reps)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
