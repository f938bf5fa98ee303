#!/usr/bin/env python3
"""Typeset pages with other profiles than the dev set's, for testing the parser.

usage: profiles.py CORPUS.jsonl OUTDIR [--pages N] [--seed S] [--typeset PATH]

Writes OUTDIR/<profile>/NNNN.txt + NNNN.gold.json for each profile below,
using ../shared/tools/typeset.py's generate() with changed settings:
  noblank   no blank lines at all (paragraph ends and column breaks unmarked)
  allblank  a blank line at every paragraph end and every column break
  wide      columns of 18-30 cells, 20-40 lines
  spacey    20% of lines letter-spaced, spaces beside 90% of digit runs
  kickers   kickers and dated datelines on 90% of articles
"""
import argparse, os, sys

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus"); ap.add_argument("outdir")
    ap.add_argument("--pages", type=int, default=80); ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--typeset", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "tools", "typeset.py"))
    a = ap.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(a.typeset)))
    import typeset
    dev = typeset.PROFILES["dev"]
    profiles = {
        "noblank": dict(dev, p_blank_after_para=0.0, p_blank_at_column=0.0),
        "allblank": dict(dev, p_blank_after_para=1.0, p_blank_at_column=1.0),
        "wide": dict(dev, col_width=(18, 30), col_height=(20, 40)),
        "spacey": dict(dev, p_letterspaced=0.2, p_digit_space=0.9),
        "kickers": dict(dev, p_kicker=0.9, p_dated_dateline=0.9),
    }
    for name, prof in profiles.items():
        typeset.generate(a.corpus, os.path.join(a.outdir, name), a.pages, a.seed, prof, "0000", "9999")

main()
