#!/usr/bin/env python3
"""Lay generated pages (typeset.py output: NNNN.txt + NNNN.gold.json) out by
date as OUT/PAPER/YYYY-MM-DD/NNNN.txt (hard links), so `benbao ingest`
reads each page's date (and paper) from its path.

usage: dated_tree.py PAGES_DIR OUT_DIR [--paper xwlb]
"""
import argparse, glob, json, os

ap = argparse.ArgumentParser()
ap.add_argument("pages"); ap.add_argument("out"); ap.add_argument("--paper", default="xwlb")
a = ap.parse_args()
n = 0
for g in sorted(glob.glob(os.path.join(a.pages, "*.gold.json"))):
    date = json.load(open(g, encoding="utf-8"))["date"]
    txt = g[: -len(".gold.json")] + ".txt"
    d = os.path.join(a.out, a.paper, date)
    os.makedirs(d, exist_ok=True)
    dst = os.path.join(d, os.path.basename(txt))
    if not os.path.exists(dst):
        os.link(txt, dst)
    n += 1
print(f"{n} pages under {a.out}")
