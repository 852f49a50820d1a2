"""Read NPY frames (the ``.npy`` file format, version 1-3) from a byte stream.

Each frame is self-delimiting: the header states dtype and shape, so a reader knows exactly how many
bytes of data follow. The Node streamer writes frames with the library's own NPY writer.
"""

from __future__ import annotations

import ast
from typing import BinaryIO

import numpy as np

MAGIC = b"\x93NUMPY"


class StreamClosed(EOFError):
    """The stream ended where a frame (or part of one) was expected."""


def read_exact(stream: BinaryIO, size: int) -> bytes:
    """Read exactly ``size`` bytes or raise :class:`StreamClosed`."""
    chunks = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            raise StreamClosed(f"stream ended with {remaining} of {size} bytes unread")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: BinaryIO) -> np.ndarray:
    """Read one NPY frame and return it as a (C-ordered, writable) NumPy array."""
    magic = read_exact(stream, 8)
    if magic[:6] != MAGIC:
        raise ValueError(f"not an NPY frame: starts with {magic!r}")
    major = magic[6]
    if major == 1:
        header_len = int.from_bytes(read_exact(stream, 2), "little")
    elif major in (2, 3):
        header_len = int.from_bytes(read_exact(stream, 4), "little")
    else:
        raise ValueError(f"unsupported NPY version {major}")
    header = ast.literal_eval(read_exact(stream, header_len).decode("latin1"))
    dtype = np.dtype(header["descr"])
    shape = tuple(header["shape"])
    if header.get("fortran_order", False):
        raise ValueError("Fortran-ordered NPY frames are not supported")
    count = int(np.prod(shape, dtype=np.int64)) if shape else 1
    data = read_exact(stream, count * dtype.itemsize)
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


def write_frame(stream: BinaryIO, array: np.ndarray) -> None:
    """Write one array as an NPY version-1 frame (used by tests and by the dump command)."""
    np.lib.format.write_array(stream, np.ascontiguousarray(array), version=(1, 0))
