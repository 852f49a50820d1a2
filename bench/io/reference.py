#!/usr/bin/python3
"""Reference decode timings for bench/io/run.ts: tifffile and NumPy on the same files, same machine.

Usage: /usr/bin/python3 bench/io/reference.py <folder> <repeats>
Prints one JSON object: seconds (best of the repeats) per case.
"""
import io
import json
import os
import sys
import time

import numpy as np
import tifffile


def best(repeats, run):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    folder, repeats = sys.argv[1], int(sys.argv[2])
    out = {}
    for case in ["tiff-raw", "tiff-deflate"]:
        names = sorted(os.listdir(os.path.join(folder, case)))
        blobs = [open(os.path.join(folder, case, n), "rb").read() for n in names]
        out[case] = best(repeats, lambda: [tifffile.imread(io.BytesIO(b)) for b in blobs])
    for case in ["cells.npz", "cells-deflated.npz"]:
        blob = open(os.path.join(folder, case), "rb").read()
        out[case] = best(repeats, lambda: np.load(io.BytesIO(blob))["cells"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
