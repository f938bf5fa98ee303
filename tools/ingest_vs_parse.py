#!/usr/bin/env python3
"""Checks that an archive holds exactly the articles `benbao parse` finds.

Usage: tools/ingest_vs_parse.py ARCHIVE FOLDER... [--benbao PATH]

For every page file in the folders (text, PDF, scans; gold and notes
skipped), runs `benbao parse --format jsonl --no-entities` and compares its
articles (headline and text, in order) with the articles the archive stores
for that file (matched by its absolute path). Prints one line per file that
differs and a summary; exits 1 when any differs.
"""
import argparse
import glob
import json
import os
import sqlite3
import subprocess
import sys

PAGE = (".txt", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("archive")
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--benbao", default="target/release/benbao")
    a = ap.parse_args()
    db = sqlite3.connect(os.path.join(a.archive, "archive.db"))
    stored = {}
    for path, h, t in db.execute("SELECT p.path, a.headline, a.text FROM articles a JOIN pages p ON p.id = a.page_id ORDER BY p.path, a.idx"):
        stored.setdefault(path, []).append((h, t))
    files = [f for d in a.folders for f in sorted(glob.glob(os.path.join(d, "*"))) if f.lower().endswith(PAGE)]
    differ = parsed = 0
    for f in files:
        out = subprocess.run([a.benbao, "parse", "--format", "jsonl", "--no-entities", "-q", f], capture_output=True, text=True).stdout
        got = [(x.get("headline"), "\n".join(x["paragraphs"])) for x in map(json.loads, filter(str.strip, out.splitlines()))]
        parsed += len(got)
        have = stored.get(os.path.realpath(f), [])
        if have != got:
            differ += 1
            print(f"differs: {f}: parse {len(got)} articles, archive {len(have)}")
    print(f"{len(files)} files: {parsed} articles from parse, {sum(len(v) for v in stored.values())} in the archive, {differ} files differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
