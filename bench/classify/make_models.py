"""Write the benchmark model: torchvision ResNet-18 with a 4-channel stem and 2 classes, full width.

    /usr/bin/python3 bench/classify/make_models.py

Writes bench/classify/out/resnet18.onnx (about 45 MB, git-ignored) with dynamic batch, height and width,
so one file serves 64 x 64 and 96 x 96. Weights are seeded random: speed does not depend on them.
"""

import inspect
import os

import torch
import torch.nn as nn
from torchvision.models import resnet18

OUT = os.path.join(os.path.dirname(__file__), "out")


def model():
    torch.manual_seed(0)
    net = resnet18(num_classes=2)
    net.conv1 = nn.Conv2d(4, 64, kernel_size=7, stride=2, padding=3, bias=False)
    return net.eval()


def main():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "resnet18.onnx")
    dims = {0: "batch", 2: "height", 3: "width"}
    # PyTorch 2.9 and later default to the dynamo exporter; keep the TorchScript one, which writes the
    # same graph as Debian's torch 1.13, so that benchmarks on either run the same model.
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(
        model(),
        torch.zeros(1, 4, 64, 64),
        path,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": dims, "logits": {0: "batch"}},
        opset_version=13,
        do_constant_folding=True,
        **legacy,
    )
    print(path)


if __name__ == "__main__":
    main()
