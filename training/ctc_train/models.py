"""Classifier networks: torchvision ResNets with a stem for C channels, and a small ResNet for cells.

All models map ``N x C x H x W`` float32 to ``N x K`` raw logits (no softmax), which is what the bundle
declares (``output.activation = "none"``); the library applies the softmax.
"""

from __future__ import annotations

from typing import Callable

import torch
from torch import nn
from torchvision import models as tvm

ARCHITECTURES = ("small_resnet", "resnet18", "resnet34", "resnet50")


class BasicBlock(nn.Module):
    """Two 3x3 convolutions with a residual connection (ResNet v1 basic block)."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU(inplace=True)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=False), nn.BatchNorm2d(out_channels)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))


class SmallResNet(nn.Module):
    """A ResNet for 40-96 pixel single cells.

    A 3x3 stride-1 stem keeps the detail of small inputs (torchvision's 7x7 stride-2 stem and max pool
    shrink a 64-pixel cell to 16 pixels before the first block). Four stages of ``blocks`` basic
    blocks, widths ``width * (1, 2, 4, 8)``, stride 2 from the second stage on; global average pooling
    makes it size-agnostic. ``width=16, blocks=1`` has about 0.31 M parameters (about 1.3 MB as ONNX); ``width=24`` about 0.69 M.
    """

    def __init__(self, in_channels: int, num_classes: int, width: int = 16, blocks: int = 1, dropout: float = 0.0):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True)
        )
        layers: list[nn.Module] = []
        channels = width
        for stage, multiplier in enumerate((1, 2, 4, 8)):
            out_channels = width * multiplier
            for block in range(blocks):
                stride = 2 if stage > 0 and block == 0 else 1
                layers.append(BasicBlock(channels, out_channels, stride))
                channels = out_channels
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.fc = nn.Linear(channels, num_classes)
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(module, nn.BatchNorm2d):
                nn.init.ones_(module.weight)
                nn.init.zeros_(module.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(self.stem(x))
        return self.fc(self.dropout(torch.flatten(self.pool(x), 1)))


def _torchvision_resnet(factory: Callable[..., nn.Module], in_channels: int, num_classes: int, stem: str) -> nn.Module:
    """A torchvision ResNet (random init) whose first convolution takes ``in_channels`` channels.

    ``stem="imagenet"`` keeps torchvision's 7x7 stride-2 convolution and max pool (as the plain PyTorch
    reference figures used); ``stem="small"`` swaps in a 3x3 stride-1 convolution and no max pool.
    """
    model = factory(num_classes=num_classes)
    if stem == "small":
        model.conv1 = nn.Conv2d(in_channels, 64, 3, 1, 1, bias=False)
        model.maxpool = nn.Identity()
    elif stem == "imagenet":
        model.conv1 = nn.Conv2d(in_channels, 64, 7, 2, 3, bias=False)
    else:
        raise ValueError(f"unknown stem {stem!r}; expected 'imagenet' or 'small'")
    nn.init.kaiming_normal_(model.conv1.weight, mode="fan_out", nonlinearity="relu")
    return model


def build_model(arch: str, in_channels: int, num_classes: int, **options: object) -> nn.Module:
    """Build a classifier by name.

    Args:
        arch: one of :data:`ARCHITECTURES`.
        in_channels: number of input channels C.
        num_classes: number of output logits K.
        options: ``width``, ``blocks``, ``dropout`` for ``small_resnet``; ``stem`` for torchvision ones.
    """
    if arch == "small_resnet":
        return SmallResNet(
            in_channels,
            num_classes,
            width=int(options.get("width", 16)),
            blocks=int(options.get("blocks", 1)),
            dropout=float(options.get("dropout", 0.0)),
        )
    factories = {"resnet18": tvm.resnet18, "resnet34": tvm.resnet34, "resnet50": tvm.resnet50}
    if arch not in factories:
        raise ValueError(f"unknown architecture {arch!r}; expected one of {ARCHITECTURES}")
    return _torchvision_resnet(factories[arch], in_channels, num_classes, str(options.get("stem", "imagenet")))


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
