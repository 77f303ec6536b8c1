#!/usr/bin/env python3
"""Runs the authors' reference implementation (liznerski/fcdd) on one class of the MVTec-AD stand-in.

The side of bench/reference-fcdd-mvtec-like.sh that trains and tests FCDD with the reference's own
code on the images bin/make-mvtec-like.py wrote: its DefaultMvtecConfig (lcnaug1 pre-processing at
240 -> 224, confetti noise, the per-pixel loss, SGD Nesterov lr 1e-3 wd 1e-4 x0.985 per epoch,
gauss_std 12) and its own MVTec-AD loader, preprocessing (MvTec.download: nearest resize to 240) and
pixel AUC (receptive upsampling, F.interpolate to the masks' size, roc_auc_score), with the changes
this machine and the comparison force:
  * the stand-in's folder is served where the reference unpacks its download, its class folders in
    place of MVTec-AD's 15 names (sorted, as our ingest numbers them);
  * the net is FCDD_CNN224_VGG_NOPT (VGG11-BN from scratch: ImageNet weights cannot be downloaded
    here, and our side trains from scratch too);
  * lcnaug1's min-max constants are the reference's per MVTec-AD class; for the stand-in they are
    computed the same way (GCN-l1, then per-channel min and max over the class's training images);
  * the schedule is ours: --epochs, --batch-size, one pass per epoch (ADMvTec.enlarge off), no
    batch accumulation.
The reference seeds nothing; this driver seeds Python, NumPy and torch with --seed.

Prints one JSON object: {"class": c, "class_name": .., "seed": s, "epochs": e, "auc": ..,
"pixel_auc": .., "seconds": .., "torch": ..}.
"""
import argparse
import json
import os
import shutil
import types

from reference_imports import seed_everything, train_and_test, use_reference


def parser(description):
    """The arguments every driver of the stand-in takes."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--reference", required=True, help="the reference checkout's python/ directory")
    p.add_argument("--standin", required=True, help="bin/make-mvtec-like.py's output folder")
    p.add_argument("--datadir", required=True, help="where the reference caches its tensors")
    p.add_argument("--logdir", required=True)
    p.add_argument("--normal-class", type=int, required=True)
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--batch-size", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    return p


def reference_args(a):
    """The reference set up for the stand-in (see the module's docstring), seeded; returns its
    runner arguments, the class's folder name and lcnaug1's min-max constants."""
    use_reference(a.reference)
    import numpy as np
    import torchvision.transforms as transforms
    from PIL import Image

    seed_everything(a.seed, a.threads)

    import fcdd.datasets.mvtec as mvtec
    from argparse import ArgumentParser
    from fcdd.datasets.mvtec_base import MvTec
    from fcdd.datasets.preprocessing import local_contrast_normalization
    from fcdd.runners.argparse_configs import DefaultMvtecConfig

    classes = sorted(d for d in os.listdir(a.standin) if os.path.isdir(os.path.join(a.standin, d)))
    name = classes[a.normal_class]
    MvTec.labels = tuple(classes)

    def serve_standin(url, root, extract_root=None, **kw):
        os.makedirs(root, exist_ok=True)
        shutil.copytree(a.standin, extract_root, dirs_exist_ok=True)

    MvTec.download_and_extract_archive = staticmethod(serve_standin)
    mvtec.ADMvTec.enlarge = False

    # lcnaug1's min-max constants, computed for the stand-in class as the reference's were.
    lo, hi = np.full(3, np.inf), np.full(3, -np.inf)
    good = os.path.join(a.standin, name, "train", "good")
    for f in sorted(os.listdir(good)):
        img = MvTec.img_to_torch(Image.open(os.path.join(good, f)), (240, 240)).float().div(255)
        x = local_contrast_normalization(img, scale="l1")
        lo = np.minimum(lo, x.reshape(3, -1).min(1).values.numpy())
        hi = np.maximum(hi, x.reshape(3, -1).max(1).values.numpy())
    min_max = (list(lo), list(hi - lo))
    mvtec.transforms = types.SimpleNamespace(**{k: getattr(transforms, k) for k in dir(transforms) if not k.startswith("_")})
    mvtec.transforms.Normalize = lambda mean, std: transforms.Normalize(*min_max)

    args = DefaultMvtecConfig()(ArgumentParser()).parse_args(
        ["--cpu", "-w", "0", "--datadir", a.datadir, "--logdir", a.logdir,
         "--net", "FCDD_CNN224_VGG_NOPT", "--batch-size", str(a.batch_size), "--acc-batches", "1"]
    )
    return args, name, min_max


def main():
    a = parser(__doc__.splitlines()[0]).parse_args()
    args, name, min_max = reference_args(a)
    import torch

    res, seconds = train_and_test(args, a.normal_class, a.epochs, 1)
    print(json.dumps({
        "class": a.normal_class, "class_name": name, "seed": a.seed, "epochs": a.epochs,
        "batch_size": a.batch_size, "auc": float(res["roc"]["auc"]),
        "pixel_auc": float(res["gtmap_roc"]["auc"]), "seconds": round(seconds, 1),
        "torch": torch.__version__, "min_max_l1": [list(map(float, v)) for v in min_max],
    }))


if __name__ == "__main__":
    main()
