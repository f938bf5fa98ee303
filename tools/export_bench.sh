#!/usr/bin/env bash
# Export speed and memory: every table in every format from one archive,
# each export timed with its peak memory (GNU time). Prints a Markdown table.
#
# usage: tools/export_bench.sh ARCHIVE [COPIES]
# Without ARCHIVE existing, it is made first: the 200 dev pages of
# ../shared/data/dev and the seed page, COPIES times over (default 112, about
# 100,000 articles), each copy its own page (a trailing blank line more) on
# its own day, spread over five papers, so identities, spells and the panel
# grow as in a long archive.
set -euo pipefail
archive=${1:?usage: tools/export_bench.sh ARCHIVE [COPIES]}
copies=${2:-112}
bin=${BENBAO:-target/release/benbao}
[ -x "$bin" ] || { echo "export_bench.sh: build first: cargo build --release -p benbao-cli" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "export_bench.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
if [ ! -e "$archive/archive.db" ]; then
    pages=$(mktemp -d)
    trap 'rm -rf "$pages"' EXIT
    python3 - "$pages" "$copies" <<'PY'
import datetime, glob, os, sys
out, copies = sys.argv[1], int(sys.argv[2])
src = sorted(glob.glob("../shared/data/dev/*.txt")) + ["../shared/data/seed/0000.txt"]
day0 = datetime.date(2019, 1, 1)
for k in range(copies):
    for i, s in enumerate(src):
        day = day0 + datetime.timedelta(days=(k * len(src) + i) // 12)
        d = os.path.join(out, f"paper{i % 5}", day.isoformat())
        os.makedirs(d, exist_ok=True)
        with open(s, "rb") as f:
            b = f.read()
        with open(os.path.join(d, f"{k:03d}-{i:03d}.txt"), "wb") as f:
            f.write(b + b"\n" * (k + 1))
PY
    "$bin" ingest "$pages" --archive "$archive" >&2
fi

out=$(mktemp -d)
echo "| table | rows | format | seconds | MB written | peak memory MB |"
echo "|---|---:|---|---:|---:|---:|"
for what in articles people events directives spells dyads dyad-counts panel; do
    for fmt in csv jsonl parquet dta; do
        f="$out/$what.$fmt"
        /usr/bin/time -f '%e %M' -o "$out/time" "$bin" export --archive "$archive" --what "$what" --format "$fmt" -o "$f" 2>"$out/log"
        read -r secs kb < "$out/time"
        rows=$(grep -Eo '[0-9]+ rows' "$out/log" | grep -Eo '[0-9]+')
        echo "| $what | $rows | $fmt | $secs | $(( $(stat -c %s "$f") / 1000000 )) | $(( kb / 1024 )) |"
        rm -f "$f"
    done
done
rm -rf "$out"
