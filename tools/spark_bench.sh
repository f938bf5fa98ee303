#!/bin/bash
# Spark job throughput, local[1] against local[2]: the figures in the README.
#   tools/spark_bench.sh [PYTHON] [COPIES]
# PYTHON is a Python with benbao installed ('./python[spark]'; default: python3);
# COPIES > 1 copies the 200 dev pages into that many folders first (3,000 files for 15).
set -euo pipefail
py=${1:-python3}
copies=${2:-1}
dev=${DEV:-../shared/data/dev}
input=$dev
if [ "$copies" -gt 1 ]; then
  input=$(mktemp -d)
  trap 'rm -rf "$input"' EXIT
  for k in $(seq 1 "$copies"); do mkdir "$input/r$k"; cp "$dev"/*.txt "$input/r$k/"; done
fi
out=$(mktemp -d)
for m in 'local[1]' 'local[2]'; do
  rm -rf "$out/t"
  "$py" -m benbao.spark "$input" --out "$out/t" --master "$m" --date 2024-01-01 --paper dev >/dev/null 2>&1
  "$py" -c "import json,sys; d=json.load(open(sys.argv[1])); print(sys.argv[2], d['files'], 'files:', d['pages_per_s'], 'pages/s whole job,', d['read_pages_per_s'], 'pages/s first pass')" "$out/t/summary.json" "$m"
done
rm -rf "$out"
