#!/usr/bin/env bash
# Load test of `benbao serve` on loopback: the server pinned to one core, the
# client (ApacheBench, Debian's apache2-utils) on the other; every endpoint
# the web UI leans on at 1, 16, 100 and 1,000 concurrent clients, a bounded
# number of requests each, twice over (the second pass shows whether memory
# keeps growing). Prints a Markdown table of requests/s, p50 and p99 (of the
# second pass), the failed requests and non-2xx answers, and the server's
# memory after the warm-up and after each pass.
#
# usage: tools/load.sh ARCHIVE [REQUESTS_PER_RUN (default 5000)] [PORT (default 18977)]
# (the archive must hold the seed page, e.g. 'benbao ingest samples --archive A')
set -euo pipefail
archive=${1:?usage: tools/load.sh ARCHIVE [REQUESTS] [PORT]}
n=${2:-5000}
port=${3:-18977}
bin=${BENBAO:-target/release/benbao}
command -v ab >/dev/null || { echo "load.sh: needs ab (apt-get install apache2-utils)" >&2; exit 1; }
[ -x "$bin" ] || { echo "load.sh: build first: cargo build --release -p benbao-cli" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n 4096
taskset -c 0 "$bin" serve --archive "$archive" --bind "127.0.0.1:$port" --threads 1 --max-connections 2048 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
base="http://127.0.0.1:$port"
q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("王德敏"))')
id=$(curl -sf "$base/api/search?q=$q&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["article_id"])')
declare -A urls=(
    [search]="/api/search?q=$q"
    [facets]="/?q=$q&facets=1"
    [article]="/article/$id"
    [person]="/person/$q"
    [events]="/events"
)
# warm up (page cache, the searcher pool)
for u in "${urls[@]}"; do ab -q -n 200 -c 4 "$base$u" >/dev/null 2>&1 || true; done
echo "server RSS after warm-up: $(( $(rss) / 1024 )) MiB"
table=""
for pass in 1 2; do
    for name in search facets article person events; do
        for c in 1 16 100 1000; do
            # -l: answers differ in length (timings), that is no failure
            out=$(taskset -c 1 ab -q -k -l -n "$(( n > c ? n : c ))" -c "$c" -s 30 "$base${urls[$name]}" 2>&1 || true)
            rps=$(awk '/Requests per second/ {print $4}' <<<"$out")
            p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
            p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
            bad=$(awk '/Failed requests/ {print $3}' <<<"$out")
            non2xx=$(awk '/Non-2xx responses/ {print $3}' <<<"$out")
            table+="| $name | $c | ${rps:-?} | ${p50:-?} | ${p99:-?} | $(( ${bad:-0} + ${non2xx:-0} )) |"$'\n'
        done
    done
    sleep 2
    echo "server RSS after pass $pass: $(( $(rss) / 1024 )) MiB"
    [ "$pass" = 1 ] && table=""
done
echo
echo "| endpoint | clients | requests/s | p50 ms | p99 ms | failed |"
echo "|---|---|---|---|---|---|"
printf '%s' "$table"
