#!/usr/bin/python3
"""Rank-statistics fixtures computed independently with scipy (Debian's python3-scipy).

Run from the repository root:
    /usr/bin/python3 common/src/test/resources/rank/make-scipy-fixtures.py
It writes common/src/test/resources/rank/scipy-fixtures.json, which RankStatisticsTest reads.
"""
import csv, json, math, os, sys
import numpy as np
import scipy
from scipy import stats

OUT = "common/src/test/resources/rank/scipy-fixtures.json"


def read_table(path):
    rows = [r for r in csv.reader(l for l in open(path) if not l.startswith("#") and l.strip())]
    methods = rows[0][1:]
    data = [[float(v) for v in r[1:]] for r in rows[1:] if not r[0].startswith("stated:")]
    return methods, data


def holm(p):
    order = np.argsort(p, kind="stable")
    m = len(p)
    adj = np.empty(m)
    running = 0.0
    for j, i in enumerate(order):
        running = max(running, min(1.0, (m - j) * p[i]))
        adj[i] = running
    return adj.tolist()


def wilcoxon(x, y, zero_method):
    d = np.asarray(x) - np.asarray(y)
    if np.all(d == 0) and zero_method != "zsplit":
        return 1.0, "none"
    dd = d[d != 0] if zero_method == "wilcox" else d
    ties = len(np.unique(np.abs(dd))) < len(dd)
    exact = len(dd) <= 50 and not np.any(d == 0) and not ties
    mode = "exact" if exact else "approx"
    return float(stats.wilcoxon(x, y, zero_method=zero_method, correction=False,
                                alternative="two-sided", mode=mode).pvalue), mode


def case(name, methods, data):
    a = np.asarray(data)  # datasets x methods
    n, k = a.shape
    ranks = np.vstack([stats.rankdata(-row, method="average") for row in a])
    avg = ranks.mean(axis=0)
    chi2, p = stats.friedmanchisquare(*[a[:, j] for j in range(k)])
    f = (n - 1) * chi2 / (n * (k - 1) - chi2)
    pf = stats.f.sf(f, k - 1, (k - 1) * (n - 1))
    scale = math.sqrt(k * (k + 1) / (12 * n))
    nemenyi = [[1.0 if i == j else float(stats.studentized_range.sf(abs(avg[i] - avg[j]) / scale, k, np.inf))
                for j in range(k)] for i in range(k)]
    cd = {str(alpha): float(stats.studentized_range.ppf(1 - alpha, k, np.inf) / math.sqrt(2)
                            * math.sqrt(k * (k + 1) / (6 * n))) for alpha in (0.05, 0.10)}
    wil = {}
    for zm in ("wilcox", "pratt", "zsplit"):
        pairs, pv, modes = [], [], []
        for i in range(k):
            for j in range(i + 1, k):
                pval, mode = wilcoxon(a[:, i], a[:, j], zm)
                pairs.append([i, j]); pv.append(pval); modes.append(mode)
        wil[zm] = {"pairs": pairs, "p": pv, "mode": modes, "holm": holm(pv)}
    return {"name": name, "methods": methods, "scores": a.tolist(), "averageRanks": avg.tolist(),
            "friedman": {"chi2": float(chi2), "p": float(p), "imanDavenport": float(f), "pImanDavenport": float(pf)},
            "nemenyi": {"cd": cd, "p": nemenyi}, "wilcoxon": wil}


def main():
    cases = []
    methods, data = read_table("conf/baselines/fcdd-table2-mvtec-pixel-auc.csv")
    cases.append(case("mvtec-table2", methods, data))
    methods, data = read_table("conf/baselines/fcdd-table7-cifar10-auc.csv")
    cases.append(case("cifar10-table7", methods, data))
    rng = np.random.default_rng(7)
    # Few levels: ties within datasets and zero differences between methods.
    small = rng.integers(0, 4, size=(8, 4)) / 4.0
    cases.append(case("ties-8x4", ["a", "b", "c", "d"], small.tolist()))
    wide = rng.normal(size=(60, 3)) + np.array([0.0, 0.1, 0.5])
    cases.append(case("normal-60x3", ["x", "y", "z"], np.round(wide, 3).tolist()))
    quantiles = {str(k): {str(alpha): float(stats.studentized_range.ppf(1 - alpha, k, np.inf))
                          for alpha in (0.05, 0.10)} for k in (2, 3, 5, 10, 11, 20, 30, 50)}
    json.dump({"command": "/usr/bin/python3 common/src/test/resources/rank/make-scipy-fixtures.py",
               "scipy": scipy.__version__, "numpy": np.__version__,
               "studentizedRangeQuantiles": quantiles, "cases": cases},
              open(OUT, "w"), indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
