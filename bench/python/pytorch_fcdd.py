#!/usr/bin/env python3
"""PyTorch side of bench/train-speed.sh: the same FCDD net, loss and optimiser step.

Reads the net as the JSON layer list that io.fcddspark.bench.TrainSpeedBenchmark writes (so both
sides run the same architecture), times a training step (forward, FCDD loss, backward, SGD
Nesterov 0.9 with weight decay 1e-6) and inference (heatmap + score) on random data, and prints
one line "RESULT {"train_img_s": .., "infer_img_s": .., "threads": .., "torch": ..}", as the JVM
sides do (bench/idle.sh's record reads it).
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def build(spec):
    layers = []
    for l in spec["layers"]:
        kind = l["type"]
        if kind == "conv":
            layers.append(nn.Conv2d(l["in"], l["out"], l["kernel"], l["stride"], l["padding"]))
        elif kind == "bn":
            layers.append(nn.BatchNorm2d(l["channels"], eps=l["eps"]))
        elif kind == "leaky_relu":
            layers.append(nn.LeakyReLU(0.01))
        elif kind == "relu":
            layers.append(nn.ReLU())
        elif kind == "maxpool":
            layers.append(nn.MaxPool2d(l["kernel"], l["stride"], l["padding"]))
        else:
            raise ValueError("unknown layer " + kind)
    return nn.Sequential(*layers)


def fcdd_loss(z, y):
    a = torch.sqrt(z * z + 1) - 1
    score = a.mean(dim=(1, 2, 3))
    anomalous = -torch.log(-torch.expm1(-score) + 1e-31)
    return torch.where(y > 0.5, anomalous, score).mean()


def throughput(step, batch, seconds):
    step()
    step()
    start = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - start < seconds:
        step()
        calls += 1
    return calls * batch / (time.perf_counter() - start)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--spec", required=True, help="JSON file with input shape and layer list")
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--seconds", type=float, default=8)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    spec = json.load(open(a.spec))
    c, h, w = spec["input"]
    net = build(spec)
    x = torch.rand(a.batch, c, h, w)
    y = (torch.arange(a.batch) % 2).float()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-6)

    def train_step():
        net.train()
        opt.zero_grad(set_to_none=True)
        loss = fcdd_loss(net(x), y)
        loss.backward()
        opt.step()

    def infer():
        net.eval()
        with torch.no_grad():
            z = net(x)
            (torch.sqrt(z * z + 1) - 1).mean(dim=(1, 2, 3))

    train = throughput(train_step, a.batch, a.seconds)
    inference = throughput(infer, a.batch, a.seconds)
    print("RESULT " + json.dumps({"train_img_s": train, "infer_img_s": inference, "threads": torch.get_num_threads(),
                                  "torch": torch.__version__}))


if __name__ == "__main__":
    main()
