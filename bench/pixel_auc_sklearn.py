#!/usr/bin/python3
"""scikit-learn's ROC-AUC on the pixel-AUC benchmark's generated pixels, single core.

Usage: bench/pixel_auc_sklearn.py N  -> prints "RESULT {"auc": ..., "seconds": ...}" (only
roc_auc_score is timed), as the JVM sides of bench/pixel-auc.sh do.
The formula is PixelAucBenchmark's: label = (i*40503 % 7 == 0);
h = i*2654435761 % 1000003; score = floor((h/1000003 + 0.25*label) * 1000) / 1000.
"""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

n = int(sys.argv[1])
i = np.arange(n, dtype=np.int64)
label = ((i * 40503) % 7 == 0).astype(np.int64)
h = (i * 2654435761) % 1000003
score = np.floor((h / 1000003.0 + 0.25 * label) * 1000.0) / 1000.0
start = time.perf_counter()
auc = roc_auc_score(label, score)
seconds = time.perf_counter() - start
print("RESULT " + json.dumps({"auc": float(auc), "seconds": seconds}))
