#!/usr/bin/python3
"""The reference's pixel ROC-AUC at MVTec-AD's 240 -> 224 geometry, on fixed heatmaps and masks.

Usage: bench/python/pixel_auc_geometry_oracle.py REFERENCE_PYTHON_DIR OUT.json
(REFERENCE_PYTHON_DIR: python/ of a liznerski/fcdd checkout). Writes the oracle that
common's PixelAucGeometryOracleTest reads (common/src/test/resources/oracles/pixel_auc_geometry.json).

Six test images stored at 240x240; image i's mask is 255 in its defect rectangle, else 0 (images 0
and 1 have none; the others touch a border or a corner, or sit in the middle). Two cases:
  * "net_output": image i's 28x28 net output (VGG11-BN at 224) is
      a[i, y, x] = float32(((i*7919 + y*389 + x*97) % 1013) / 1013 * 0.5 + bump),
    bump = 1 where the heatmap pixel's receptive centre (8*x + 3.5 in the 224 input, times 240/224
    in the stored image) lies in the defect, else 0. The reference's computation
    (fcdd/training/bases.py, BaseADTrainer.score): receptive_upsample with gauss_std 12
    (FCDD_CNN224_VGG_NOPT's receptive field), F.interpolate (nearest) to the mask's size,
    roc_auc_score over every pixel of every image. Torch's float32 transposed convolution sums in
    its own order, so a few near-tied pixels may order differently from ours: agreement to 1e-8.
  * "full_resolution": the 224x224 heatmap itself is given by the same formula at every input
    pixel (bump where the pixel's centre, times 240/224, lies in the defect); from there the
    reference's F.interpolate and roc_auc_score: agreement is the exact fraction.
Each case also holds the AUC with the masks resized to 224 by PIL's nearest (the test loader's
maps) and the heatmap left at 224, which is not what the reference counts.
"""
import json
import os
import sys
from fractions import Fraction

import numpy as np
import torch
from PIL import Image
from sklearn.metrics import roc_auc_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_imports import use_reference  # noqa: E402

use_reference(sys.argv[1])
from fcdd.models.fcdd_cnn_224 import FCDD_CNN224_VGG_NOPT  # noqa: E402

STORED, INPUT, SIDE, STD = 240, 224, 28, 12.0
# (top, bottom, left, right) of each image's defect in the stored image, bottom/right exclusive.
DEFECTS = [None, None, (100, 140, 232, 240), (0, 12, 50, 120), (60, 180, 60, 180),
           (228, 240, 228, 240)]


def formula_map(i, rect, side, step, offset):
    """The formula on a side x side grid whose pixel (y, x) is centred at step*y + offset in the
    224 input."""
    a = np.zeros((side, side), dtype=np.float32)
    for y in range(side):
        for x in range(side):
            v = ((i * 7919 + y * 389 + x * 97) % 1013) / 1013 * 0.5
            if rect is not None:
                cy = (step * y + offset) * STORED / INPUT
                cx = (step * x + offset) * STORED / INPUT
                if rect[0] <= cy < rect[1] and rect[2] <= cx < rect[3]:
                    v += 1.0
            a[y, x] = np.float32(v)
    return a


def mask(rect):
    m = np.zeros((STORED, STORED), dtype=np.uint8)
    if rect is not None:
        m[rect[0]:rect[1], rect[2]:rect[3]] = 255
    return m


def exact_auc(labels, scores):
    """The Mann-Whitney fraction, ties counted half, as a reduced p/q."""
    order = np.argsort(scores, kind="mergesort")
    s, lab = scores[order], labels[order]
    _, starts, counts = np.unique(s, return_index=True, return_counts=True)
    pos_in = np.add.reduceat(lab, starts)
    neg_in = counts - pos_in
    neg_below = np.concatenate(([0], np.cumsum(neg_in)[:-1]))
    twice = int(np.sum(pos_in * (2 * neg_below + neg_in)))
    p, n = int(lab.sum()), int(len(lab) - lab.sum())
    return Fraction(twice, 2 * p * n)


def case(full_res):
    """The reference's pooled pixel AUC from full-resolution 224 heatmaps (n x 1 x 224 x 224)."""
    gtmaps = torch.from_numpy(np.stack([mask(r) for r in DEFECTS]))[:, None].float().div(255)
    at_mask = torch.nn.functional.interpolate(full_res, gtmaps.shape[-2:])
    labels = gtmaps.reshape(-1).int().numpy()
    scores = at_mask.reshape(-1).numpy()
    fraction = exact_auc(labels.astype(np.int64), scores.astype(np.float64))
    resized = np.stack([np.array(Image.fromarray(mask(r)).resize((INPUT, INPUT), Image.NEAREST))
                        for r in DEFECTS])
    labels224 = (resized.reshape(-1) > 0).astype(np.int64)
    return {
        "pixels": int(labels.size), "anomalous_pixels": int(labels.sum()),
        "auc": roc_auc_score(labels.tolist(), scores.tolist()),
        "auc_fraction": [fraction.numerator, fraction.denominator],
        "auc_masks_resized_to_224": roc_auc_score(labels224, full_res.reshape(-1).numpy()),
    }


net = FCDD_CNN224_VGG_NOPT((3, INPUT, INPUT), bias=True)
net.eval()
outputs = torch.from_numpy(
    np.stack([formula_map(i, r, SIDE, 8, 3.5) for i, r in enumerate(DEFECTS)]))[:, None]
direct = torch.from_numpy(
    np.stack([formula_map(i, r, INPUT, 1, 0.5) for i, r in enumerate(DEFECTS)]))[:, None]
with torch.no_grad():
    cases = {"net_output": case(net.receptive_upsample(outputs, std=STD)),
             "full_resolution": case(direct)}

out = {
    "meta": {
        "source": "liznerski/fcdd python/fcdd/training/bases.py (score: receptive_upsample, "
                  "F.interpolate to the ground-truth size, roc_auc_score); generated by "
                  "bench/python/pixel_auc_geometry_oracle.py",
        "torch": torch.__version__, "numpy": np.__version__,
        "sklearn": __import__("sklearn").__version__,
    },
    "stored": STORED, "input": INPUT, "heatmap_side": SIDE, "gauss_std": STD,
    "receptive_field": {k: (float(v) if not isinstance(v, (list, tuple)) else list(v))
                        for k, v in net.reception.items()},
    "defects": [list(r) if r else None for r in DEFECTS],
}
out.update(cases)
with open(sys.argv[2], "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
print(json.dumps(cases))
