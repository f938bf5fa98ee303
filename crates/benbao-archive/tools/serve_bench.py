#!/usr/bin/env python3
"""Latency of `benbao serve`'s /api/search on loopback: 1,000 requests with
phrases drawn from a corpus, one client, then 4 concurrent clients.

usage: serve_bench.py CORPUS.jsonl [--url http://127.0.0.1:18932] [--queries 1000] [--seed 1]
(start `benbao serve --archive DIR --addr 127.0.0.1:18932` first)
"""
import argparse, concurrent.futures as cf, json, random, time, urllib.parse, urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("corpus"); ap.add_argument("--url", default="http://127.0.0.1:18932")
ap.add_argument("--queries", type=int, default=1000); ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()
random.seed(a.seed)
paras = []
with open(a.corpus, encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i > 3000:
            break
        paras += [p for p in json.loads(line)["paragraphs"] if len(p) >= 20]
qs = []
while len(qs) < a.queries:
    p = random.choice(paras)
    n = random.choice([2, 2, 3, 4, 4, 5, 6, 8])
    s = p[(k := random.randrange(len(p) - n)):k + n]
    if all("\u4e00" <= c <= "\u9fff" for c in s):
        qs.append(s)

def get(q, facets=False):
    u = a.url + "/api/search?" + urllib.parse.urlencode({"q": f'"{q}"', "limit": 10, "facets": 1 if facets else 0})
    t = time.perf_counter()
    body = urllib.request.urlopen(u, timeout=10).read()
    return (time.perf_counter() - t) * 1000, json.loads(body)["total"]

for q in qs[:20]:
    get(q)
for facets in (False, True):
    ts = sorted(get(q, facets)[0] for q in qs)
    print(f"facets={facets}: one client, n={len(ts)}: p50 {ts[len(ts) // 2]:.2f} ms, p95 {ts[int(len(ts) * 0.95)]:.2f} ms, max {ts[-1]:.1f} ms")
t0 = time.perf_counter()
with cf.ThreadPoolExecutor(4) as ex:
    ts = sorted(x[0] for x in ex.map(get, qs))
el = time.perf_counter() - t0
print(f"4 concurrent clients: {len(qs) / el:.0f} requests/s, p50 {ts[len(ts) // 2]:.2f} ms, p95 {ts[int(len(ts) * 0.95)]:.2f} ms")

# the browsing pages: the 200 most named people, their JSON and their HTML
# page (timeline chart included), the event list by type and by month
def fetch(path):
    t = time.perf_counter()
    urllib.request.urlopen(a.url + path, timeout=30).read()
    return (time.perf_counter() - t) * 1000

people = [c["value"] for c in json.loads(urllib.request.urlopen(a.url + "/api/search?q=&facets=1&limit=1", timeout=30).read())["facets"]["person"]]
more = json.loads(urllib.request.urlopen(a.url + "/api/events?limit=1000", timeout=30).read())["events"]
for e in more:
    for n in e["actors"]:
        if n not in people:
            people.append(n)
people = people[:200]
types = ["inspection", "study_visit", "meeting", "reception", "message", "speech"]
for label, paths in [
    ("/api/person/NAME", ["/api/person/" + urllib.parse.quote(n) for n in people]),
    ("/person/NAME (HTML + chart)", ["/person/" + urllib.parse.quote(n) for n in people]),
    ("/api/events?type=T&from=Y-M&to=Y-M", [f"/api/events?type={t}&from={y}-{m:02d}&to={y}-{m:02d}" for t in types for y in (2023, 2024) for m in range(1, 13)]),
    ("/events (HTML, no filter, paged)", [f"/events?offset={k * 50}" for k in range(40)]),
]:
    ts = sorted(fetch(p) for p in paths)
    print(f"{label}: n={len(ts)}: p50 {ts[len(ts) // 2]:.2f} ms, p95 {ts[int(len(ts) * 0.95)]:.2f} ms, max {ts[-1]:.1f} ms")
