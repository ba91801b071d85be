#!/usr/bin/env bash
# Whole-command figures for issue 5: `loopreg demo` (21 days, 504 hourly cycles of collect + evaluate) and
# `loopreg simulate` with two policies over the demo's records. Usage: bench/demo.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
./loopreg --version >/dev/null   # build first, outside the timings
dir=${BENCH_DIR:-/tmp/loopreg-bench-demo}
for i in $(seq 1 "$runs"); do
  rm -rf "$dir"
  /usr/bin/time -f "demo run $i: %e s wall, %U s user, %M KB max RSS" java -jar target/loopreg.jar demo --dir "$dir" >/dev/null
done
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "simulate run $i: %e s wall, %M KB max RSS" \
    java -jar target/loopreg.jar -w "$dir" simulate --policy examples/policies/stricter-fpr.yml >/dev/null
done
