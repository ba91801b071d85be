#!/usr/bin/env bash
# Does a very long last line of health.jsonl make `loopreg evaluate` slow? (A torn append, a runaway writer.)
# Copies the sample workspace twice and appends one unterminated line of 1 MB to one copy's kaizen-stack/health.jsonl
# and of SIZE_MB (default 200) MB to the other. Then, interleaved, RUNS times each: `evaluate` on both, beside the
# physical floor (`cat` of the same file) and the plain script a user would write instead (`tail -n 1 | wc -c`).
# Prints medians in milliseconds (JVM start included for evaluate) and the ratio long/short.
# Usage: bench/long-last-line.sh [RUNS] [SIZE_MB]   (defaults 5, 200)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
size_mb="${2:-200}"
./loopreg --version >/dev/null   # build first
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for v in short long; do cp -r examples/sample-workspace "$work/$v"; done
python3 - "$work/short/loops/kaizen-stack/health.jsonl" 1 "$work/long/loops/kaizen-stack/health.jsonl" "$size_mb" <<'PY'
import sys
for path, mb in ((sys.argv[1], int(sys.argv[2])), (sys.argv[3], int(sys.argv[4]))):
    with open(path, "a") as f:
        f.write('{"loop":"kaizen-stack","cycle":"2026-06-25T13:00:00Z","note":"')
        chunk = "x" * (1 << 20)
        for _ in range(mb):
            f.write(chunk)
PY
now=2026-06-25T13:10:00Z
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
declare -A t
for _ in $(seq "$runs"); do
  for v in short long; do
    f="$work/$v/loops/kaizen-stack/health.jsonl"
    t[eval_$v]+="$(ms java -jar target/loopreg.jar -w "$work/$v" evaluate --now "$now") "
    t[cat_$v]+="$(ms cat "$f") "
    t[tail_$v]+="$(ms sh -c "tail -n 1 '$f' | wc -c") "
  done
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%d)"
echo "last line: 1 MB vs ${size_mb} MB (unterminated), median of $runs interleaved runs, ms"
printf '%-34s %8s %8s %8s\n' "" "1 MB" "${size_mb} MB" "ratio"
for k in eval cat tail; do
  a=$(median "${t[${k}_short]}"); b=$(median "${t[${k}_long]}")
  label=$([ $k = eval ] && echo "loopreg evaluate (whole command)" || ([ $k = cat ] && echo "cat health.jsonl (floor)" || echo "tail -n 1 | wc -c (plain script)"))
  printf '%-34s %8s %8s %8s\n' "$label" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", (a > 0 ? b / a : 0)}')"
done
