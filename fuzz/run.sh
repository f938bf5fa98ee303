#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) each, from a seed corpus
# made of the test fixtures. Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
#   fuzz/run.sh 1200            # 20 minutes a target
#   fuzz/run.sh 60 query        # one target
# A crash stops the run with the input saved under fuzz/artifacts/TARGET/;
# replay it with: cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-…
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(page_reader extract query tool_output)
fx=../tests/fixtures
mkdir -p corpus/page_reader corpus/extract corpus/query corpus/tool_output
# seeds: the real page, the layout pages, the sample pages
for f in "$fx"/seed/*.txt "$fx"/layouts/*.txt ../samples/*.txt; do
    [ -f "$f" ] || continue
    cp -f "$f" corpus/page_reader/
    head -c 4000 "$f" > "corpus/extract/$(basename "$f")"
done
printf '%s\n' '王德敏' '"万人助万企"' '(调研 OR 考察) -会议' 'person:李占宾 type:inspection year:2022' 'NOT (a | b) & c' '“一带一路”' > corpus/query/seeds
while IFS= read -r q; do printf '%s' "$q" > "corpus/query/$(printf '%s' "$q" | md5sum | cut -c1-12)"; done < corpus/query/seeds
rm -f corpus/query/seeds
if command -v pdftotext >/dev/null; then
    for f in "$fx"/pdf/*.pdf; do pdftotext -bbox-layout "$f" "corpus/tool_output/$(basename "$f" .pdf).html" 2>/dev/null || true; done
fi
printf 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n5\t1\t1\t1\t1\t1\t10\t10\t40\t20\t96\t本报讯\n' > corpus/tool_output/tesseract.tsv
printf 'P5\n4 2\n255\n\x00\xff\x00\xff\x00\xff\x00\xff' > corpus/tool_output/tiny.pgm
for t in "${targets[@]}"; do
    echo "fuzz: $t for ${secs}s"
    # -rss_limit_mb: a leak or blow-up is a finding too; -timeout: one input may take at most 10 s
    cargo +nightly fuzz run --release "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 \
        | tee "run-$t.log" | grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Done)' || true
    if grep -qE 'SUMMARY|deadly signal|Test unit written' "run-$t.log"; then
        echo "fuzz: $t found a crash (see fuzz/run-$t.log and fuzz/artifacts/$t/)" >&2
        exit 1
    fi
done
