#!/usr/bin/env python3
"""Builds the rerun-check section of docs/benchmarks.md from a new rerun's subsection and the
page's earlier ones: a subsection is headed by the comma-separated sections it reran
("### pixel-auc, ingest"); an earlier subsection is kept unless it reran one of the new one's
sections, so reruns of different benchmarks, made at different times, stand side by side.

Usage: rerun_section.py PAGE.md NEW_SUBSECTION.md   (prints the whole section)
"""
import re
import sys

SECTION = re.compile(r"<!-- begin rerun-check -->\n(.*?)<!-- end rerun-check -->", re.S)
TITLE = "## Rerun check: the page's medians against a second run (issue #26)"
INTRO = (
    "Each subsection reruns the named sections' commands on an otherwise idle machine and"
    " compares every median with the page's own (`bench/rerun-check.sh`)."
)


def subsections(text):
    """[(set of section names, text)] of the '### ' subsections in text."""
    parts = re.split(r"(?m)^(?=### )", text)
    found = []
    for part in parts:
        if part.startswith("### "):
            names = {n.strip() for n in part.splitlines()[0][4:].split(",")}
            found.append((names, part.strip()))
    return found


def main(page_path, new_path):
    with open(page_path, encoding="utf-8") as f:
        page = f.read()
    with open(new_path, encoding="utf-8") as f:
        new = subsections(f.read())
    if len(new) != 1:
        sys.exit(f"{new_path}: expected one '### ' subsection, found {len(new)}")
    names, text = new[0]
    match = SECTION.search(page)
    old = subsections(match.group(1)) if match else []
    kept = [t for n, t in old if not (n & names)]
    print(TITLE + "\n\n" + INTRO + "\n\n" + "\n\n".join([text] + kept))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
