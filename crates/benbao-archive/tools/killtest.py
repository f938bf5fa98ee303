#!/usr/bin/env python3
"""Kill `benbao ingest` at random points, run it to the end, and compare.

usage: killtest.py BENBAO PAGES_DIR ARCHIVE_DIR [--kills 5] [--seed 7]

Five times (by default) starts `BENBAO ingest PAGES_DIR --archive ARCHIVE_DIR`
and SIGKILLs it once it has added a random number of pages (drawn so that
every run is killed mid-way; the kill lands wherever the writer is: inside a
SQLite transaction, between a page and the index commit, in an index
commit). Then runs it to the end and prints the page, article and index
counts, to compare with an archive made in one run. ARCHIVE_DIR is deleted
first.
"""
import argparse, glob, json, os, random, shutil, signal, sqlite3, subprocess, time

ap = argparse.ArgumentParser()
ap.add_argument("benbao"); ap.add_argument("pages"); ap.add_argument("archive")
ap.add_argument("--kills", type=int, default=5); ap.add_argument("--seed", type=int, default=7)
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

total = len(glob.glob(os.path.join(a.pages, "**", "*.txt"), recursive=True))
stored = 0
for k in range(a.kills):
    left = total - stored
    target = random.randint(1, max(1, left // (a.kills - k + 1) * 2 - 1))
    p = subprocess.Popen([a.benbao, "ingest", a.pages, "--archive", a.archive, "--progress-every", "10"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    t0 = time.time()
    for line in p.stderr:
        # ingest: 120/10000 pages (1%) · 95.0 pages/s · ETA 1m44s · 110 added, 10 skipped
        added = next((int(part.split(" added")[0]) for part in line.split(" · ") if " added" in part), 0)
        if added >= target:
            p.send_signal(signal.SIGKILL)
            break
    p.wait()
    stored = counts()[0] if isinstance(counts(), tuple) else stored
    print(f"run {k}: killed after {target} pages added ({time.time() - t0:.1f}s), exit {p.returncode}; pages stored, indexed: {counts()}", flush=True)
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
