#!/usr/bin/python3
"""NumPy reference for bench/preprocess/run.ts: the same work on the same cells, timed the same way.

Usage: /usr/bin/python3 bench/preprocess/reference.py CELLS.u16 N ROUNDS BATCH
Reads N cells of 4 x 96 x 96 uint16 (raw little-endian, written by run.ts) and prints one JSON object
with the wall and CPU (process_time: all threads) seconds of every round of each workload, plus a
checksum (the sum of the last cell's output).

Each workload is done twice: cell by cell (as a data loader calls it) and vectorized over batches of
BATCH cells (NumPy at its best). Resizing is a pair of matrix products with the interpolation matrices
(built once, like PyTorch's taps), the fastest way to resize in plain NumPy.
"""

import json
import sys
import time

import numpy as np

C, H, W, OUT = 4, 96, 96, 64
QS = [1, 99.8]
EPS = 1e-6


def bilinear_matrix(n_in, n_out):
    """Rows of PyTorch's bilinear (align_corners=False) taps as a dense n_out x n_in matrix."""
    m = np.zeros((n_out, n_in), dtype=np.float32)
    scale = np.float32(n_in / n_out)
    for o in range(n_out):
        real = max(0.0, float(np.float32(scale * (o + 0.5) - 0.5)))
        i0 = int(real)
        i1 = i0 + 1 if i0 < n_in - 1 else i0
        l1 = real - i0
        m[o, i0] += 1 - l1
        m[o, i1] += l1
    return m


def area_matrix(n_in, n_out):
    """Adaptive average pooling bins as a dense n_out x n_in matrix."""
    m = np.zeros((n_out, n_in), dtype=np.float32)
    for o in range(n_out):
        s, e = (o * n_in) // n_out, -((-(o + 1) * n_in) // n_out)
        m[o, s:e] = 1 / (e - s)
    return m


def main():
    path, n, rounds, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    cells = np.fromfile(path, dtype="<u2").reshape(n, C, H, W)
    mats = {"bilinear": (bilinear_matrix(H, OUT), bilinear_matrix(W, OUT).T.copy()),
            "area": (area_matrix(H, OUT), area_matrix(W, OUT).T.copy())}
    flat = cells.transpose(1, 0, 2, 3).reshape(C, -1)
    dataset_lo, dataset_hi = np.percentile(flat, QS, axis=1)

    def norm_cell(x, lo, hi):
        return ((x - lo[:, None, None]) / (hi - lo + EPS)[:, None, None]).astype(np.float32)

    def per_cell(mode, dataset):
        ry, rxt = mats[mode]
        out = None
        for x in cells:
            if dataset:
                lo, hi = dataset_lo, dataset_hi
            else:
                lo, hi = np.percentile(x.reshape(C, -1), QS, axis=1)
            out = ry @ norm_cell(x, lo, hi) @ rxt
        return out

    def batched(mode, dataset):
        ry, rxt = mats[mode]
        out = None
        for start in range(0, n, batch):
            x = cells[start:start + batch]
            if dataset:
                lo, hi = dataset_lo[None], dataset_hi[None]
            else:
                lo, hi = np.percentile(x.reshape(x.shape[0], C, -1), QS, axis=2)
            scaled = ((x - lo[..., None, None]) / (hi - lo + EPS)[..., None, None]).astype(np.float32)
            out = ry @ scaled @ rxt
        return out[-1]

    def statistics():
        f = cells.transpose(1, 0, 2, 3).reshape(C, -1)
        p = np.percentile(f, QS, axis=1)
        mean = f.mean(axis=1, dtype=np.float64)
        std = f.std(axis=1, dtype=np.float64)
        return np.concatenate([p.ravel(), mean, std, f.min(axis=1), f.max(axis=1)])

    workloads = {}
    for mode in ["bilinear", "area"]:
        for name, dataset in [("dataset", True), ("per_image", False)]:
            workloads[f"{name} {mode} per-cell"] = (per_cell, mode, dataset)
            workloads[f"{name} {mode} batched"] = (batched, mode, dataset)
    workloads["statistics"] = (statistics,)

    # Rounds take the workloads in turn, as run.ts does, so bursts of load spread over all of them.
    last = {name: w[0](*w[1:]) for name, w in workloads.items()}
    results = {name: {"wall": [], "cpu": []} for name in workloads}
    for _ in range(rounds):
        for name, w in workloads.items():
            t, c = time.perf_counter(), time.process_time()
            last[name] = w[0](*w[1:])
            results[name]["cpu"].append(time.process_time() - c)
            results[name]["wall"].append(time.perf_counter() - t)
    for name in workloads:
        results[name]["checksum"] = float(np.asarray(last[name], dtype=np.float64).sum())
    print(json.dumps({"numpy": np.__version__, "results": results}))


if __name__ == "__main__":
    main()
