"""Export a trained network to ONNX with a dynamic batch axis (PyTorch 1.13 and 2.x alike)."""

from __future__ import annotations

import inspect
import io
from pathlib import Path

import torch
from torch import nn

INPUT_NAME = "input"
OUTPUT_NAME = "logits"
OPSET = 17


def export_onnx(model: nn.Module, path: str | Path, channels: int, height: int, width: int) -> Path:
    """Write ``model`` (in eval mode, on the CPU, float32) as ONNX to ``path``.

    The graph has one input ``input`` (``batch x C x H x W``) and one output ``logits``
    (``batch x K``), both with a dynamic batch axis. The TorchScript exporter is used on every PyTorch
    version (2.x defaults to the dynamo exporter, which needs onnxscript and names axes differently).

    Returns:
        the path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model = model.to("cpu").float().eval()
    dummy = torch.zeros(2, channels, height, width, dtype=torch.float32)
    kwargs = dict(
        input_names=[INPUT_NAME],
        output_names=[OUTPUT_NAME],
        dynamic_axes={INPUT_NAME: {0: "batch"}, OUTPUT_NAME: {0: "batch"}},
        opset_version=OPSET,
        do_constant_folding=True,
    )
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    buffer = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(model, (dummy,), buffer, **kwargs)
    path.write_bytes(buffer.getvalue())
    return path


def check_onnx(path: str | Path) -> None:
    """Validate the exported graph with ``onnx.checker`` when the onnx package is installed."""
    try:
        import onnx
    except ImportError:  # pragma: no cover - onnx is optional
        return
    onnx.checker.check_model(onnx.load(str(path)))
