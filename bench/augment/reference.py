"""NumPy/torchvision reference for bench/augment/run.ts: the default training pipeline, one image at a time.

Spawned by run.ts with /usr/bin/python3 (numpy 1.24, torch 1.13), on one thread, as
`reference.py SECONDS [inplace]`: `inplace` runs the photometric steps and the noise into preallocated
arrays (NumPy's `out=`), as the library's `out` option does. Prints one JSON line:
{"images_per_s": ..., "images": ..., "seconds": ...}, in images per CPU-second. Same steps and distributions as
DEFAULT_TRAINING_PIPELINE: dihedral element; with p = 0.5 an affine warp (bilinear, reflect about the
edge pixel centres = grid_sample 'reflection' with align_corners=True); per-channel brightness and
log-uniform gain; shot noise (Gaussian approximation) plus Gaussian read noise.
"""

import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
C, H, W = 4, 64, 64


def affine_inverse(rng):
    angle = math.radians(rng.uniform(-15, 15))
    s = math.exp(rng.uniform(math.log(0.9), math.log(1.1)))
    shx, shy = (math.radians(v) for v in rng.uniform(-5, 5, 2))
    tx, ty = rng.uniform(-0.05, 0.05, 2) * [W, H]
    rot = np.array([[math.cos(angle), math.sin(angle)], [-math.sin(angle), math.cos(angle)]])
    lin = rot @ np.array([[1, math.tan(shx)], [math.tan(shy), 1]]) @ np.diag([s, s])
    c = np.array([(W - 1) / 2, (H - 1) / 2])
    inv = np.linalg.inv(lin)
    return inv, c - inv @ (c + [tx, ty])


# Output pixel grid in (x, y) pixel coordinates, reused across images.
YY, XX = np.mgrid[0:H, 0:W].astype(np.float32)
PIX = np.stack([XX.ravel(), YY.ravel()])
NORM = np.array([[2 / (W - 1)], [2 / (H - 1)]], dtype=np.float32)


def geometric(x, rng):
    """The dihedral element (a view) and, half the time, the affine warp."""
    k = int(rng.integers(0, 8))
    x = np.rot90(np.flip(x, -1) if k >= 4 else x, k % 4, axes=(-2, -1))
    if rng.random() < 0.5:
        inv, off = affine_inverse(rng)
        src = inv.astype(np.float32) @ PIX + off.astype(np.float32)[:, None]
        grid = torch.from_numpy((src * NORM - 1).T.reshape(1, H, W, 2).copy())
        t = torch.from_numpy(np.ascontiguousarray(x)).unsqueeze(0)
        x = F.grid_sample(t, grid, mode="bilinear", padding_mode="reflection", align_corners=True)[0].numpy()
    return x


def augment(x, rng):
    x = geometric(x, rng)
    x = x + rng.uniform(-0.05, 0.05, (C, 1, 1)).astype(np.float32)
    x = x * np.exp(rng.uniform(math.log(0.8), math.log(1.25), (C, 1, 1))).astype(np.float32)
    photons = math.exp(rng.uniform(math.log(200), math.log(2000)))
    sigma = rng.uniform(0, 0.01)
    # Shot noise in its Gaussian approximation, as the default pipeline's `model: "gaussian"`.
    x = x + np.sqrt(np.maximum(x, 0) / photons + sigma * sigma) * rng.standard_normal(x.shape, dtype=np.float32)
    return x.astype(np.float32)


WORK = np.empty((C, H, W), np.float32)
SCRATCH = np.empty_like(WORK)
NOISE = np.empty_like(WORK)


def augment_inplace(x, rng):
    """`augment` with the same draws, its per-value steps written into WORK (returned; reused each call)."""
    x = geometric(x, rng)
    np.add(x, rng.uniform(-0.05, 0.05, (C, 1, 1)).astype(np.float32), out=WORK)
    np.multiply(WORK, np.exp(rng.uniform(math.log(0.8), math.log(1.25), (C, 1, 1))).astype(np.float32), out=WORK)
    photons = math.exp(rng.uniform(math.log(200), math.log(2000)))
    sigma = rng.uniform(0, 0.01)
    np.maximum(WORK, 0, out=SCRATCH)
    np.divide(SCRATCH, photons, out=SCRATCH)
    np.add(SCRATCH, sigma * sigma, out=SCRATCH)
    np.sqrt(SCRATCH, out=SCRATCH)
    rng.standard_normal(out=NOISE, dtype=np.float32)
    np.multiply(SCRATCH, NOISE, out=SCRATCH)
    np.add(WORK, SCRATCH, out=WORK)
    return WORK


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    step = augment_inplace if sys.argv[2:3] == ["inplace"] else augment
    rng = np.random.default_rng(0)
    cell = (rng.random((C, H, W)) * 0.3).astype(np.float32)
    for _ in range(50):
        step(cell, rng)
    # CPU time of this process, not wall time: the machine is shared, and other processes' turns on the
    # cores would otherwise count against us.
    n = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for _ in range(50):
            step(cell, rng)
        n += 50
    elapsed = time.process_time() - start
    print(json.dumps({"images_per_s": n / elapsed, "images": n, "seconds": elapsed}))


if __name__ == "__main__":
    main()
