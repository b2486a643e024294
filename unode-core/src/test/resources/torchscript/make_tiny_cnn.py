#!/usr/bin/python3
"""Makes tiny-cnn.pt, the TorchScript test fixture of PretrainedBackboneTest and the trainer tests.

A small convolutional network for RGB 32x32 input (as a stand-in for an ImageNet backbone), with
fixed random weights (seed 0), traced with Debian's PyTorch 1.13 (/usr/bin/python3). Its output is
a 4-D feature map (B, 16, 8, 8); unode average-pools it to (B, 16). Also writes
tiny-cnn-expected.json: the pooled features of a fixed input, to check that Java computes the same.
"""
import json
import os

import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
    nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(16, 16, 3, stride=2, padding=1), nn.ReLU(),
)
net.eval()
example = torch.rand(2, 3, 32, 32)
traced = torch.jit.trace(net, example)
here = os.path.dirname(os.path.abspath(__file__))
traced.save(os.path.join(here, "tiny-cnn.pt"))

# a fixed, easily reproduced input: pixel (c, y, x) = ((c * 32 + y) * 32 + x) % 255 / 255
x = (torch.arange(3 * 32 * 32).reshape(1, 3, 32, 32) % 255).float() / 255
with torch.no_grad():
    features = traced(x).mean(dim=(2, 3))[0].tolist()
with open(os.path.join(here, "tiny-cnn-expected.json"), "w") as f:
    json.dump({"features": features}, f)
print("written", len(features), "features")
