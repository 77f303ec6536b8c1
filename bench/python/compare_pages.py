#!/usr/bin/env python3
"""Compares every median of two versions of a benchmark page (docs/benchmarks.md before and
after a rerun of its commands) and writes a Markdown section: each median, its change and whether
it lies within the tolerance (default ±10 %).

A median is any "M (lo–hi)" in a section between <!-- begin NAME --> and <!-- end NAME -->; in a
table it is named by its row's first cell and its column's header, in prose by its place in the
section. Sections or medians present on one side only are listed as such.

Usage: compare_pages.py BEFORE.md AFTER.md [TOLERANCE_PERCENT] [SECTION[:PREFIX]...]
(a PREFIX keeps the medians whose name starts with it, e.g. train-scaling:CNN)
"""
import re
import sys

MEDIAN = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)( ?%)? \((-?\d[\d,]*(?:\.\d+)?) ?%?–(-?\d[\d,]*(?:\.\d+)?) ?%?\)")
SECTION = re.compile(r"<!-- begin (\S+) -->(.*?)<!-- end \1 -->", re.S)


TABLE_TITLE = re.compile(r"\*\*([^*]+)\*\*:")


def unique(headers):
    """Column headers, a repeated one numbered by its place ("PyTorch", "PyTorch (column 8)")."""
    seen = set()
    named = []
    for column, h in enumerate(headers):
        named.append(h if h not in seen else f"{h} (column {column + 1})")
        seen.add(h)
    return named


def number(text):
    return float(text.replace(",", ""))


def medians(page):
    """{section: {name: median}} in page order."""
    found = {}
    for section, body in SECTION.findall(page):
        named = {}
        header = None
        table = ""
        prose = 0
        for line in body.splitlines():
            if line.startswith("|"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if set("".join(cells)) <= set("-: "):
                    continue
                if header is None or not MEDIAN.search(line):
                    header = unique(cells)
                    continue
                for column, cell in enumerate(cells):
                    m = MEDIAN.search(cell)
                    if m:
                        title = header[column] if column < len(header) else str(column)
                        named[f"{table}{cells[0]} · {title}"] = number(m.group(1))
            else:
                header = None
                title = TABLE_TITLE.match(line)
                if title:
                    table = title.group(1) + " · "
                for m in MEDIAN.finditer(line):
                    prose += 1
                    named[f"text, median {prose}"] = number(m.group(1))
        found[section] = named
    return found


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    before = medians(open(argv[1], encoding="utf-8").read())
    after = medians(open(argv[2], encoding="utf-8").read())
    tolerance = float(argv[3]) if len(argv) > 3 else 10.0
    sections = argv[4:] or [s for s in before if s in after]
    rows, outside, compared = [], [], 0
    for wanted in sections:
        section, _, prefix = wanted.partition(":")
        old = {k: v for k, v in before.get(section, {}).items() if k.startswith(prefix)}
        new = {k: v for k, v in after.get(section, {}).items() if k.startswith(prefix)}
        for name in old:
            if name not in new:
                rows.append(f"| {section} | {name} | {old[name]:g} | — | only before | |")
                continue
            compared += 1
            a, b = old[name], new[name]
            change = (b - a) / abs(a) * 100 if a else (0.0 if b == a else float("inf"))
            ok = abs(change) <= tolerance
            if not ok:
                outside.append(f"{section}: {name} ({change:+.1f} %)")
            rows.append(f"| {section} | {name} | {a:g} | {b:g} | {change:+.1f} % | {'yes' if ok else '**no**'} |")
        for name in new:
            if name not in old:
                rows.append(f"| {section} | {name} | — | {new[name]:g} | only after | |")
    within = compared - len(outside)
    print(f"{within} of {compared} medians within ±{tolerance:g} % of the page's "
          f"({', '.join(sections)}).")
    if outside:
        print("Outside: " + "; ".join(outside) + ".")
    print()
    print(f"| section | median | page | rerun | change | within ±{tolerance:g} % |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main(sys.argv)
