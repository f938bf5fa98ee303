#!/usr/bin/env python3
"""Kill `benbao ingest` at random moments, run it to the end, and compare.

usage: killtest.py BENBAO PAGES_DIR ARCHIVE_DIR [--kills 5] [--seed 7] [--max-seconds 35]

Five times (by default) starts `BENBAO ingest PAGES_DIR --archive ARCHIVE_DIR`
and SIGKILLs it after a random 0.5..max-seconds; then runs it to the end and
prints the page, article and index counts (to compare with an archive made
in one run). ARCHIVE_DIR is deleted first.
"""
import argparse, json, random, shutil, signal, sqlite3, subprocess, time

ap = argparse.ArgumentParser()
ap.add_argument("benbao"); ap.add_argument("pages"); ap.add_argument("archive")
ap.add_argument("--kills", type=int, default=5); ap.add_argument("--seed", type=int, default=7)
ap.add_argument("--max-seconds", type=float, default=35)
a = ap.parse_args()
shutil.rmtree(a.archive, ignore_errors=True)
random.seed(a.seed)

def counts():
    try:
        c = sqlite3.connect(a.archive + "/archive.db")
        r = c.execute("select count(*), sum(indexed) from pages").fetchone()
        c.close()
        return r
    except Exception as e:
        return str(e)

for k in range(a.kills):
    t = random.uniform(0.5, a.max_seconds)
    p = subprocess.Popen([a.benbao, "ingest", a.pages, "--archive", a.archive], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        p.wait(timeout=t)
        print(f"run {k}: finished before the kill")
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGKILL)
        p.wait()
        print(f"run {k}: killed after {t:.1f}s; pages stored, indexed: {counts()}", flush=True)
t0 = time.time()
r = subprocess.run([a.benbao, "ingest", a.pages, "--archive", a.archive], capture_output=True, text=True)
print(f"final run: exit {r.returncode}, {time.time() - t0:.1f}s")
print(r.stdout, end="")
c = sqlite3.connect(a.archive + "/archive.db")
print("pages, indexed, distinct hashes:", c.execute("select count(*), sum(indexed), count(distinct hash) from pages").fetchone())
print("articles, people, events, directives:", [c.execute(f"select count(*) from {t}").fetchone()[0] for t in ["articles", "people", "events", "directives"]])
search = lambda q: json.loads(subprocess.run([a.benbao, "search", "--archive", a.archive, "--json", "--limit", "1", q], capture_output=True, text=True).stdout)["total"]
print("index documents:", search(""))
print('"高质量发展" hits:', search('"高质量发展"'))
