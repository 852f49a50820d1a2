"""The pipe to the Node streamer: JSON requests in, JSON replies and NPY frames out.

Protocol (one request at a time, in order):

* Python writes one JSON object per line on the streamer's stdin: ``{"cmd": ..., ...}``.
* The streamer answers on its stdout with one JSON line per message. ``{"type": "result", ...}`` ends
  a plain command; ``{"type": "error", "code": ..., "message": ...}`` ends a failed one. A ``batches``
  command is answered by ``{"type": "batch", "n": N}`` lines, each followed by three NPY frames (``x``
  float32 N x C x H x W, ``y`` int32 N (returned as int64), ``index`` int32 N), and finally ``{"type": "end"}``.
* The streamer logs on stderr only, so stdout carries nothing but the protocol.
"""

from __future__ import annotations

import json
import os
import queue
import shlex
import subprocess
import threading
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np

from .npy import StreamClosed, read_frame

TRAINING_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = TRAINING_DIR.parent


class StreamerError(RuntimeError):
    """The streamer reported an error (its ``code`` is the library's ``CtcError`` code) or died."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code


def default_streamer_command() -> list[str]:
    """The command that starts the streamer: ``$CTC_STREAMER`` if set, else ``node --import tsx``."""
    override = os.environ.get("CTC_STREAMER")
    if override:
        return shlex.split(override)
    return ["node", "--import", "tsx", str(TRAINING_DIR / "stream.ts")]


class Streamer:
    """A running Node streamer process, bound to one training configuration."""

    def __init__(self, config_path: str | os.PathLike, command: Sequence[str] | None = None):
        argv = list(command or default_streamer_command()) + ["--config", str(Path(config_path).resolve())]
        self._proc = subprocess.Popen(
            argv,
            cwd=str(REPO_ROOT),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,
        )
        self._busy = False

    # -- plumbing -----------------------------------------------------------------------------
    def _send(self, cmd: str, args: dict[str, Any]) -> None:
        if self._busy:
            raise RuntimeError("a batches() stream is still open; consume it before the next request")
        line = json.dumps({"cmd": cmd, **args}, separators=(",", ":")) + "\n"
        try:
            self._proc.stdin.write(line.encode())
            self._proc.stdin.flush()
        except BrokenPipeError as error:
            raise StreamerError("STREAMER_DIED", f"exit code {self._proc.poll()}") from error

    def _message(self) -> dict[str, Any]:
        line = self._proc.stdout.readline()
        if not line:
            raise StreamerError("STREAMER_DIED", f"stdout closed, exit code {self._proc.wait()}")
        message = json.loads(line)
        if message.get("type") == "error":
            raise StreamerError(message.get("code", "UNKNOWN"), message.get("message", ""))
        return message

    # -- requests -----------------------------------------------------------------------------
    def request(self, cmd: str, **args: Any) -> dict[str, Any]:
        """Send a plain command and return its ``result`` message."""
        self._send(cmd, args)
        message = self._message()
        if message.get("type") != "result":
            raise StreamerError("PROTOCOL", f"expected a result, got {message.get('type')}")
        return message

    def batches(self, prefetch: int = 6, **args: Any) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Stream ``(x, y, index)`` batches; a reader thread keeps up to ``prefetch`` batches ahead."""
        self._send("batches", args)
        self._busy = True
        box: queue.Queue = queue.Queue(maxsize=max(1, prefetch))

        def reader() -> None:
            try:
                while True:
                    message = self._message()
                    if message["type"] == "end":
                        box.put(None)
                        return
                    if message["type"] != "batch":
                        raise StreamerError("PROTOCOL", f"unexpected message {message['type']}")
                    x = read_frame(self._proc.stdout)
                    y = read_frame(self._proc.stdout).astype(np.int64)
                    index = read_frame(self._proc.stdout)
                    box.put((x, y, index))
            except (StreamerError, StreamClosed, ValueError) as error:
                box.put(error)

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        try:
            while True:
                item = box.get()
                if item is None:
                    break
                if isinstance(item, Exception):
                    raise item
                yield item
        finally:
            # Drain so that a consumer that stops early cannot leave the reader blocked on a full queue.
            while thread.is_alive():
                try:
                    box.get(timeout=0.1)
                except queue.Empty:
                    pass
            self._busy = False

    def close(self) -> None:
        """Ask the streamer to exit and wait for it."""
        if self._proc.poll() is None:
            try:
                self._proc.stdin.close()
            except BrokenPipeError:
                pass
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()

    def __enter__(self) -> "Streamer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
