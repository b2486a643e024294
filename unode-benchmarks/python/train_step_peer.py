#!/usr/bin/python3
"""The PyTorch peer of StepTimer: the same encoder (CIFAR ResNet-18, width 16, 28-px grey input),
projection head (Linear d-d, ReLU, Linear d-128), binary head (Linear d-2), 4B = 256 batch,
NT-Xent (temperature 0.5) + cross-entropy, and a LARS update, with the same thread count.
Times forward + loss + backward + update on a fixed batch (no augmentation), like StepTimer.

Usage: /usr/bin/python3 train_step_peer.py [steps=20] [threads=2]
Prints: torch version, BLAS, threads, then "python ms/step <value>".
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)


class Basic(nn.Module):
    def __init__(self, i, o, stride):
        super().__init__()
        self.c1 = nn.Conv2d(i, o, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(o)
        self.c2 = nn.Conv2d(o, o, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(o)
        self.sh = nn.Sequential()
        if stride != 1 or i != o:
            self.sh = nn.Sequential(nn.Conv2d(i, o, 1, stride, bias=False), nn.BatchNorm2d(o))

    def forward(self, x):
        return F.relu(self.b2(self.c2(F.relu(self.b1(self.c1(x))))) + self.sh(x))


def resnet18(channels, width):
    layers = [nn.Conv2d(channels, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
    i = width
    for f, s in [(width, 1), (2 * width, 2), (4 * width, 2), (8 * width, 2)]:
        layers += [Basic(i, f, s), Basic(f, f, 1)]
        i = f
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten())


class Unode(nn.Module):
    def __init__(self, width=16):
        super().__init__()
        self.f = resnet18(1, width)
        d = 8 * width
        self.g = nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, 128))
        self.h = nn.Linear(d, 2)

    def forward(self, x):
        f = self.f(x)
        return self.g(f), self.h(f)


def nt_xent(z, tau):
    n = z.shape[0]
    z = F.normalize(z, dim=1)
    sim = z @ z.t() / tau - torch.eye(n) * 1e9
    pos = (torch.arange(n) + n // 2) % n
    return -sim.log_softmax(1)[torch.arange(n), pos].mean()


def lars_step(params, buffers, lr=0.4, momentum=0.9, wd=1e-6, trust=1e-3, eps=1e-8):
    with torch.no_grad():
        for p in params:
            if p.grad is None:
                continue
            w_norm = p.norm()
            g_norm = p.grad.norm()
            local = torch.where((w_norm > 0) & (g_norm > 0), trust * w_norm / (g_norm + wd * w_norm + eps),
                                torch.ones_like(w_norm))
            g = (p.grad + wd * p) * local
            b = buffers.get(p)
            if b is None:
                b = buffers[p] = g.clone()
            else:
                b.mul_(momentum).add_(g)
            p.sub_(lr * b)
            p.grad.zero_()


model = Unode(16)
model.train()
b = 64
x = torch.rand(4 * b, 1, 28, 28)
labels = torch.tensor(([1] * b + [0] * b) * 2)
params = list(model.parameters())
buffers = {}


def step():
    z, logits = model(x)
    loss = nt_xent(z, 0.5) + F.cross_entropy(logits, labels)
    loss.backward()
    lars_step(params, buffers)
    return loss.item()


for _ in range(3):
    step()
t0 = time.perf_counter()
for _ in range(steps):
    step()
ms = (time.perf_counter() - t0) * 1000 / steps
blas = "unknown"
cfg = torch.__config__.show()
for line in cfg.splitlines():
    if "BLAS_INFO" in line or "LAPACK_INFO" in line:
        blas = line.strip()
        break
print(f"# PyTorch {torch.__version__}, {blas}, threads {torch.get_num_threads()}, mkldnn "
      f"{torch.backends.mkldnn.is_available()}")
print(f"python ms/step {ms:.1f}")
