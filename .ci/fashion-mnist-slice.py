"""A small slice of real Fashion-MNIST for the CI scripts: 600 training and 300 test images (the
t10k files of Debian's dataset-fashion-mnist) as IDX files, and OUT/ingest.yaml that ingests them.
Usage: python3 .ci/fashion-mnist-slice.py OUT"""
import gzip
import struct
import sys

src, out = "/usr/share/datasets/fashion-mnist/t10k", sys.argv[1]
with gzip.open(src + "-images-idx3-ubyte.gz") as f:
    images = f.read()
with gzip.open(src + "-labels-idx1-ubyte.gz") as f:
    labels = f.read()
for name, first, n in (("train", 0, 600), ("test", 600, 300)):
    with gzip.open(f"{out}/{name}-images-idx3-ubyte.gz", "wb") as f:
        f.write(struct.pack(">iiii", 2051, n, 28, 28) + images[16 + first * 784:16 + (first + n) * 784])
    with gzip.open(f"{out}/{name}-labels-idx1-ubyte.gz", "wb") as f:
        f.write(struct.pack(">ii", 2049, n) + labels[8 + first:8 + first + n])
classes = "[T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot]"
with open(f"{out}/ingest.yaml", "w") as f:
    f.write("output: unused\nsources:\n")
    for split in ("train", "test"):
        f.write(
            f"  - {{type: idx, dataset: fashion-mnist, split: {split},"
            f" images: {out}/{split}-images-idx3-ubyte.gz,"
            f" labels: {out}/{split}-labels-idx1-ubyte.gz, classes: {classes}}}\n"
        )
