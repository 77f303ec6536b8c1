#!/usr/bin/env python3
"""Runs the authors' reference implementation (liznerski/fcdd) on one Fashion-MNIST class.

The side of bench/reference-fcdd.sh that trains and tests FCDD with the reference's own code: its
DefaultFmnistConfig (FCDD_CNN28_W, lcnaug1 pre-processing, SGD Nesterov lr 0.01 x0.98 per epoch,
batch 128, online OE with p=0.5) with two changes only, both forced by this machine:
  * the OE corpus is the one our pipeline trains on, read from a .npy (uint8, n x 28 x 28) that
    io.fcddspark.bench.CorpusNpyExport wrote, in place of EMNIST (which cannot be downloaded here);
    it enters the reference exactly where its EMNIST corpus does (noise mode 'emnist');
  * the number of epochs is ours (the reference's default is 400).
The reference seeds nothing; this driver seeds Python, NumPy and torch with --seed before the run,
so a run is repeatable on the same machine and library versions.

Prints one JSON object: {"class": c, "seed": s, "epochs": e, "auc": .., "seconds": .., "torch": ..}.
"""
import argparse
import json
import os
import sys

from reference_imports import seed_everything, train_and_test, use_reference


def npy_oe_class(path):
    """A drop-in for the reference's OEEMNIST that serves the images of a .npy corpus."""
    import numpy as np
    import torch
    from torch.utils.data import DataLoader, Dataset

    corpus = np.load(path)
    if corpus.dtype != np.uint8 or corpus.ndim != 3:
        raise ValueError("%s: expected a uint8 array n x h x w, got %s %s" % (path, corpus.dtype, corpus.shape))

    class NpyOE(Dataset):
        def __init__(self, size, root=None, split="letters", limit_var=20):
            assert len(size) == 3 and tuple(size[1:]) == corpus.shape[1:], (size, corpus.shape)
            self.size = size
            self.data = torch.from_numpy(corpus)
            if limit_var is not None and limit_var < len(self.data):
                picks = np.random.choice(np.arange(len(self.data)), size=limit_var, replace=False)
                self.data = self.data[picks]

        def __len__(self):
            return len(self.data)

        def __getitem__(self, index):
            return self.data[index]

        def data_loader(self):
            return DataLoader(dataset=self, batch_size=self.size[0], shuffle=True, num_workers=0)

    return NpyOE


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reference", required=True, help="the reference checkout's python/ directory")
    p.add_argument("--datadir", required=True, help="holds MyFashionMNIST/raw/ (uncompressed IDX; torchvision names the folder after the reference's subclass)")
    p.add_argument("--oe", required=True, help="the OE corpus as .npy")
    p.add_argument("--logdir", required=True)
    p.add_argument("--normal-class", type=int, required=True)
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()

    use_reference(a.reference)
    seed_everything(a.seed, a.threads)
    import numpy as np
    import torch

    import fcdd.datasets.online_supervisor as online_supervisor
    from argparse import ArgumentParser
    from fcdd.runners.argparse_configs import DefaultFmnistConfig

    online_supervisor.OEEMNIST = npy_oe_class(a.oe)
    args = DefaultFmnistConfig()(ArgumentParser()).parse_args(
        ["--noise-mode", "emnist", "--cpu", "-w", "0", "--datadir", a.datadir, "--logdir", a.logdir]
    )
    res, seconds = train_and_test(args, a.normal_class, a.epochs, vars(args).get("acc_batches", 1))
    print(
        json.dumps(
            {
                "class": a.normal_class,
                "seed": a.seed,
                "epochs": a.epochs,
                "auc": float(res["roc"]["auc"]),
                "seconds": round(seconds, 1),
                "torch": torch.__version__,
                "oe": os.path.basename(a.oe),
                "oe_images": int(len(np.load(a.oe, mmap_mode="r"))),
            }
        )
    )


if __name__ == "__main__":
    main()
