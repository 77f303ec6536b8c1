#!/usr/bin/python3
"""Exports torchvision's VGG11-BN feature weights as safetensors for fcdd-spark.

    bin/export-vgg11-bn.py OUT.safetensors            # ImageNet weights (torchvision downloads them)
    bin/export-vgg11-bn.py OUT.safetensors --random 0 # seeded random init, no download (for checks)
    bin/export-vgg11-bn.py OUT.safetensors --random 0 --probe PROBE.safetensors
        # also writes a fixed input and torchvision's features[:21] output on it (eval mode)

Needs python3-torch and python3-torchvision (Debian packages). The file holds every tensor of
vgg11_bn's state_dict under "features." with torchvision's names, F32, little-endian; fcdd-spark
reads it with io.fcddspark.nets.Safetensors and TorchvisionFeatureWeights. Written by hand (JSON
header + raw bytes) so the safetensors package is not needed.
"""
import argparse
import json
import struct

import torch
import torchvision


def write_safetensors(tensors, path, metadata):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().to(torch.float32).contiguous().cpu()
        data = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = metadata
    raw = json.dumps(header).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--random", type=int, metavar="SEED",
                   help="seeded random initialisation instead of the ImageNet weights")
    p.add_argument("--probe", metavar="FILE",
                   help="also write an input and torchvision's features[:21] output on it")
    a = p.parse_args()
    if a.random is None:
        model = torchvision.models.vgg11_bn(weights=torchvision.models.VGG11_BN_Weights.IMAGENET1K_V1)
        source = "torchvision vgg11_bn IMAGENET1K_V1"
    else:
        torch.manual_seed(a.random)
        model = torchvision.models.vgg11_bn(weights=None)
        # Non-trivial BatchNorm statistics, so that a check exercises them.
        for m in model.features:
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.data.uniform_(0.5, 1.5)
                m.bias.data.uniform_(-0.2, 0.2)
        source = "torchvision vgg11_bn random init, seed %d" % a.random
    model.eval()
    tensors = {k: v for k, v in model.state_dict().items()
               if k.startswith("features.") and not k.endswith("num_batches_tracked")}
    write_safetensors(tensors, a.out, {"source": source, "torchvision": torchvision.__version__})
    print("wrote %d tensors to %s (%s)" % (len(tensors), a.out, source))
    if a.probe:
        torch.manual_seed(1234)
        x = torch.rand(2, 3, 224, 224)
        with torch.no_grad():
            y = model.features[:21](x)  # the FCDD trunk: up to the last ReLU before the 4th pool
        write_safetensors({"input": x, "output": y}, a.probe, {"layers": "features[:21]"})
        print("wrote probe input %s and output %s to %s" % (list(x.shape), list(y.shape), a.probe))


if __name__ == "__main__":
    main()
