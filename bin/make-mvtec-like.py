#!/usr/bin/env python3
"""Builds an MVTec-AD stand-in from a seed (issue #28): texture classes cut from the 512x512
images that Debian's python3-skimage ships (brick, grass, gravel) and objects rendered here (disc,
bar), at 240x240 in MVTec-AD's folder layout, with synthetic defects and their masks:

  OUT/<class>/train/good/NNN.png
  OUT/<class>/test/good/NNN.png
  OUT/<class>/test/<defect>/NNN.png      defects: scratch, hole, stain (textures);
  OUT/<class>/ground_truth/<defect>/NNN_mask.png    scratch, stain, missing (objects)

Every image and mask follows from (seed, class) alone: the same seed gives the same files.
Defects may touch the image's border, as MVTec-AD's do. Masks are 0 or 255.

Usage: make-mvtec-like.py OUT [--seed 0] [--train 60] [--test-good 20] [--per-defect 10]
                          [--classes brick,grass,gravel,disc,bar]
"""
import argparse
import json
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SIDE = 240
TEXTURES = ("brick", "grass", "gravel")
OBJECTS = ("disc", "bar")
DEFECTS = {"texture": ("scratch", "hole", "stain"), "object": ("scratch", "stain", "missing")}
TINTS = {"brick": (1.05, 0.80, 0.65), "grass": (0.75, 1.0, 0.6), "gravel": (0.95, 0.95, 0.9)}
MIN_DEFECT_PIXELS = 24


def texture_source(name):
    try:
        from skimage import data
    except ImportError:
        sys.exit("make-mvtec-like.py: the texture classes need scikit-image (Debian: python3-skimage)")
    return np.asarray(getattr(data, name)(), dtype=np.float64)


def texture(src, rng, tint):
    """A random 240 crop of a rescaled, rotated and mirrored texture, tinted to RGB."""
    size = int(round(src.shape[0] * rng.uniform(0.85, 1.15)))
    img = np.asarray(Image.fromarray(src.astype(np.uint8)).resize((size, size), Image.BILINEAR))
    y, x = rng.integers(0, size - SIDE + 1, size=2)
    crop = np.rot90(img[y:y + SIDE, x:x + SIDE], int(rng.integers(4)))
    if rng.random() < 0.5:
        crop = crop[:, ::-1]
    gain = rng.uniform(0.93, 1.07)
    rgb = crop[..., None].astype(np.float64) * np.asarray(tint)[None, None, :] * gain
    return np.clip(rgb, 0, 255).astype(np.uint8), None


def background(rng, level):
    noise = rng.normal(level, 4.0, size=(SIDE, SIDE, 1))
    return np.clip(np.repeat(noise, 3, axis=2), 0, 255)


def disc(rng):
    """A brass ring with six bolt holes, slightly off centre, lit from a random side."""
    big = SIDE * 2
    canvas = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(canvas)
    cx, cy = (SIDE + rng.uniform(-6, 6)) , (SIDE + rng.uniform(-6, 6))
    outer, inner = 2 * rng.uniform(76, 84), 2 * rng.uniform(32, 38)
    draw.ellipse((cx - outer, cy - outer, cx + outer, cy + outer), fill=255)
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=0)
    turn = rng.uniform(0, 2 * np.pi)
    for k in range(6):
        a = turn + k * np.pi / 3
        hx, hy = cx + 0.72 * outer * np.cos(a), cy + 0.72 * outer * np.sin(a)
        draw.ellipse((hx - 14, hy - 14, hx + 14, hy + 14), fill=0)
    shape = np.asarray(canvas.resize((SIDE, SIDE), Image.LANCZOS), dtype=np.float64) / 255
    return lit(rng, shape, (190, 150, 80), 40)


def bar(rng):
    """A steel bar with five grooves, turned by up to 20 degrees."""
    big = SIDE * 2
    canvas = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(canvas)
    w, h = 2 * rng.uniform(80, 88), 2 * rng.uniform(26, 32)
    draw.rounded_rectangle((SIDE - w, SIDE - h, SIDE + w, SIDE + h), radius=int(h * 0.6), fill=255)
    for k in range(5):
        gx = SIDE - w + (k + 1) * 2 * w / 6
        draw.rectangle((gx - 5, SIDE - h, gx + 5, SIDE + h), fill=150)
    canvas = canvas.rotate(rng.uniform(-20, 20), resample=Image.BILINEAR)
    shape = np.asarray(canvas.resize((SIDE, SIDE), Image.LANCZOS), dtype=np.float64) / 255
    return lit(rng, shape, (150, 160, 172), 30)


def lit(rng, shape, colour, level):
    """The shape (coverage in [0, 1]) in the colour under a linear light, on a noisy background."""
    yy, xx = np.mgrid[0:SIDE, 0:SIDE] / SIDE - 0.5
    a = rng.uniform(0, 2 * np.pi)
    light = 1 + 0.25 * (np.cos(a) * xx + np.sin(a) * yy)
    obj = np.asarray(colour, dtype=np.float64)[None, None, :] * light[..., None]
    obj = obj + rng.normal(0, 3.0, size=(SIDE, SIDE, 1))
    img = shape[..., None] * obj + (1 - shape[..., None]) * background(rng, level)
    return np.clip(img, 0, 255).astype(np.uint8), shape > 0.5


def where(rng, region):
    """A point in region (a boolean map), or anywhere without one."""
    if region is None:
        return rng.uniform(0, SIDE, size=2)
    ys, xs = np.nonzero(region)
    i = int(rng.integers(len(ys)))
    return np.array([xs[i], ys[i]], dtype=np.float64)


def scratch(img, region, rng):
    mask = Image.new("L", (SIDE, SIDE), 0)
    x, y = where(rng, region)
    points = [(x, y)]
    heading = rng.uniform(0, 2 * np.pi)
    for _ in range(int(rng.integers(3, 6))):
        heading += rng.uniform(-0.6, 0.6)
        step = rng.uniform(12, 25)
        x, y = x + step * np.cos(heading), y + step * np.sin(heading)
        points.append((x, y))
    ImageDraw.Draw(mask).line(points, fill=255, width=int(rng.integers(2, 4)))
    m = np.asarray(mask) > 0
    tone = 235.0 if img[m].mean() < 128 else 25.0
    out = img.astype(np.float64)
    out[m] = 0.15 * out[m] + 0.85 * tone
    return out, m


def hole(img, region, rng):
    mask = Image.new("L", (SIDE, SIDE), 0)
    x, y = where(rng, region)
    a, b = rng.uniform(6, 16, size=2)
    ImageDraw.Draw(mask).ellipse((x - a, y - b, x + a, y + b), fill=255)
    m = np.asarray(mask) > 0
    rim = np.asarray(mask.filter(ImageFilter.MaxFilter(5))) > 0
    out = img.astype(np.float64)
    out[rim & ~m] = 0.6 * out[rim & ~m] + 0.4 * 200
    out[m] = 18 + rng.normal(0, 3, size=(int(m.sum()), 1))
    return out, m


def stain(img, region, rng):
    blob = Image.new("L", (SIDE, SIDE), 0)
    draw = ImageDraw.Draw(blob)
    x, y = where(rng, region)
    for _ in range(int(rng.integers(3, 7))):
        r = rng.uniform(5, 14)
        dx, dy = rng.uniform(-12, 12, size=2)
        draw.ellipse((x + dx - r, y + dy - r, x + dx + r, y + dy + r), fill=255)
    alpha = np.asarray(blob.filter(ImageFilter.GaussianBlur(2.5)), dtype=np.float64) / 255 * 0.7
    colour = np.asarray((110, 70, 35), dtype=np.float64) * rng.uniform(0.8, 1.2)
    out = img.astype(np.float64) * (1 - alpha[..., None]) + colour[None, None, :] * alpha[..., None]
    return out, alpha > 0.25


def missing(img, region, rng, level):
    x, y = where(rng, region)
    r = rng.uniform(15, 30)
    yy, xx = np.mgrid[0:SIDE, 0:SIDE]
    m = ((xx - x) ** 2 + (yy - y) ** 2 <= r * r) & region
    out = img.astype(np.float64)
    out[m] = background(rng, level)[m]
    return out, m


def defect(kind, img, region, rng, level):
    """The image with one defect of the kind, and its mask; retried until the mask has pixels."""
    for _ in range(50):
        if kind == "scratch":
            out, m = scratch(img, region, rng)
        elif kind == "hole":
            out, m = hole(img, region, rng)
        elif kind == "stain":
            out, m = stain(img, region, rng)
        else:
            out, m = missing(img, region, rng, level)
        if m.sum() >= MIN_DEFECT_PIXELS:
            return np.clip(out, 0, 255).astype(np.uint8), m
    raise RuntimeError(f"no {kind} defect of {MIN_DEFECT_PIXELS} pixels in 50 tries")


def save(array, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(array).save(path, optimize=False)


def build(out, name, index, seed, counts):
    rng = np.random.default_rng([seed, index])
    if name in TEXTURES:
        src = texture_source(name)
        make = lambda: texture(src, rng, TINTS[name])  # noqa: E731
        defects, level = DEFECTS["texture"], 0
    else:
        make = (lambda: disc(rng)) if name == "disc" else (lambda: bar(rng))  # noqa: E731
        defects, level = DEFECTS["object"], 40 if name == "disc" else 30
    root = os.path.join(out, name)
    for i in range(counts["train"]):
        save(make()[0], os.path.join(root, "train", "good", f"{i:03d}.png"))
    for i in range(counts["test_good"]):
        save(make()[0], os.path.join(root, "test", "good", f"{i:03d}.png"))
    for kind in defects:
        for i in range(counts["per_defect"]):
            img, region = make()
            bad, m = defect(kind, img, region, rng, level)
            save(bad, os.path.join(root, "test", kind, f"{i:03d}.png"))
            save(m.astype(np.uint8) * 255, os.path.join(root, "ground_truth", kind, f"{i:03d}_mask.png"))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--train", type=int, default=60)
    p.add_argument("--test-good", type=int, default=20)
    p.add_argument("--per-defect", type=int, default=10)
    p.add_argument("--classes", default=",".join(TEXTURES + OBJECTS))
    a = p.parse_args(argv)
    classes = a.classes.split(",")
    unknown = [c for c in classes if c not in TEXTURES + OBJECTS]
    if unknown:
        sys.exit(f"make-mvtec-like.py: unknown classes {unknown}; known: {', '.join(TEXTURES + OBJECTS)}")
    counts = {"train": a.train, "test_good": a.test_good, "per_defect": a.per_defect}
    if min(counts.values()) < 1:
        sys.exit(f"make-mvtec-like.py: every count must be at least 1, got {counts}")
    for name in classes:
        build(a.out, name, (TEXTURES + OBJECTS).index(name), a.seed, counts)
        print(f"make-mvtec-like.py: {name} in {os.path.join(a.out, name)}")
    with open(os.path.join(a.out, "make-mvtec-like.json"), "w") as f:
        json.dump({"seed": a.seed, "classes": classes, **counts}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
