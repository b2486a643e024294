/** Backbones (CIFAR ResNet-18, WideResNet, TorchScript, pretrained), the two-head model UNODE trains (a projection head and an inlier/negative head) and the check that refuses an engine whose convolutions are wrong. */
package io.github.unode.model;
