#!/usr/bin/env python3
"""Show where benbao's parse differs from gold, article by article.

usage: diff_pages.py DATADIR [--max N] [--field F] [--bin target/release/benbao]
Pairs articles by shared text (like score.py) and prints the first differing
field of each pair, and unpaired articles on either side.
"""
import argparse, difflib, glob, json, os, subprocess, sys

def key(a):
    return "".join(a.get("paragraphs") or [])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("datadir")
    ap.add_argument("--max", type=int, default=30)
    ap.add_argument("--field", default=None)
    ap.add_argument("--bin", default="target/release/benbao")
    a = ap.parse_args()
    shown = 0
    for g in sorted(glob.glob(os.path.join(a.datadir, "*.gold.json"))):
        gold = json.load(open(g))
        txt = g[: -len(".gold.json")] + ".txt"
        out = subprocess.run([a.bin, "parse", "--quiet", "--date", gold.get("date") or "", txt], capture_output=True)
        pred = json.loads(out.stdout)["articles"]
        used = set()
        for ga in gold["articles"]:
            gk = key(ga)
            best, bi = 0, None
            for i, pa in enumerate(pred):
                if i in used: continue
                s = sum(b.size for b in difflib.SequenceMatcher(None, key(pa), gk, autojunk=False).get_matching_blocks())
                if s > best: best, bi = s, i
            if bi is None or best < 0.3 * len(gk):
                print(f"{os.path.basename(txt)}: MISSING gold article {gk[:40]!r}"); shown += 1; continue
            used.add(bi)
            pa = pred[bi]
            for f in ["kicker", "headline", "dateline", "date", "byline", "paragraphs"]:
                if a.field and f != a.field: continue
                gv, pv = ga.get(f), pa.get(f)
                if f == "byline":
                    gv = {k: ga[f][k] for k in ("reporters", "correspondents", "photo")}
                    pv = {k: pa[f][k] for k in ("reporters", "correspondents", "photo")}
                if f == "date" and gv is None: continue
                if gv != pv:
                    if f == "paragraphs":
                        for line in difflib.unified_diff(gv, pv, lineterm="", n=0):
                            if line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
                                print(f"{os.path.basename(txt)} L{pa['lines']}: {line[:90]}")
                    else:
                        print(f"{os.path.basename(txt)} L{pa['lines']}: {f}: gold {gv!r} pred {pv!r}")
                    shown += 1
                    break
        for i, pa in enumerate(pred):
            if i not in used:
                print(f"{os.path.basename(txt)} L{pa['lines']}: SPURIOUS {key(pa)[:50]!r} headline={pa.get('headline')!r}"); shown += 1
        if shown >= a.max: break

main()
