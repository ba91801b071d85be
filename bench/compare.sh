#!/usr/bin/env bash
# Side by side, in one run: loopreg against the plain Python script a user would write instead (bench/evaluate.py,
# standard library only) and against reading the bytes (`cat`), on generated workspaces. Before timing, it checks that
# loopreg and the script agree on every loop's recommendation and every rule's value (bench/agree.py).
# Runs are interleaved (loopreg, script, cat, loopreg, ...); figures are medians; peak RSS is the largest of the runs.
#
# usage: bench/compare.sh [RUNS] [LOOPS...]      default: 3 runs, 1000 and 5000 loops (200 hourly records each)
# prints the table that docs/performance.md quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; shift || true
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000)
now=2026-06-25T12:00:00Z
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
./loopreg --version >/dev/null   # build first
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); python $(python3 -c 'import platform; print(platform.python_version())'); $(date -u +%F)"
echo "runs: $runs, interleaved; medians; whole commands (JVM start included)"
echo
printf "%-44s %10s %10s %8s %10s %8s %10s\n" "work" "loopreg ms" "script ms" "÷script" "cat ms" "÷cat" "peak RSS"

evaluate_row() { # loops
  local n="$1" ws="$work/eval-$1"
  [ -d "$ws" ] || python3 bench/make-eval-fleet.py "$n" 200 "$now" "$ws"
  local copy="$work/eval-$1-check"
  rm -rf "$copy"; cp -r "$ws" "$copy"
  ./loopreg -w "$copy" evaluate --json --now "$now" > "$work/loopreg-$n.json"
  python3 bench/evaluate.py "$ws" "$now" > "$work/script-$n.jsonl"
  python3 bench/agree.py "$work/loopreg-$n.json" "$work/script-$n.jsonl" >&2
  rm -rf "$copy"
  local reset="rm -f $ws/loops/regulator/recommendations.jsonl $ws/loops/regulator/dashboard.md $ws/loops/regulator/urgent-tasks.jsonl"
  python3 bench/measure.py "$runs" \
      "loopreg::./loopreg -w $ws evaluate --now $now::$reset" \
      "script::python3 bench/evaluate.py $ws $now" \
      "cat::cat $ws/loops/*/health.jsonl $ws/loops/*/*.yml $ws/workplans/*" > "$work/m-$n.tsv"
  awk -F'\t' -v n="$n" '{t[$1]=$2; r[$1]=$3} END {
      printf "%-44s %10d %10d %8.2f %10d %8.1f %7d MB\n", "evaluate, " n " loops x 200 records", t["loopreg"], t["script"],
          t["loopreg"]/t["script"], t["cat"], t["loopreg"]/t["cat"], r["loopreg"] }' "$work/m-$n.tsv"
}

for n in "${sizes[@]}"; do evaluate_row "$n"; done

# start-up: a 3-loop evaluate against a trivial Java main
mkdir -p "$work/hello"
cat > "$work/hello/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$work/hello" "$work/hello/Hello.java"
sample="$work/sample"; rm -rf "$sample"; cp -r examples/sample-workspace "$sample"
python3 bench/measure.py "$runs" \
    "loopreg::./loopreg -w $sample evaluate --now $now::rm -f $sample/loops/regulator/recommendations.jsonl" \
    "java::java -cp $work/hello Hello" > "$work/m-start.tsv"
awk -F'\t' '{t[$1]=$2; r[$1]=$3} END {
    printf "%-44s %10d %10s %8s %10d %8.1f %7d MB\n", "start-up: evaluate, 3 loops (÷ trivial java)", t["loopreg"], "-", "-", t["java"],
        t["loopreg"]/t["java"], r["loopreg"] }' "$work/m-start.tsv"
echo
echo "(÷cat for the start-up row is ÷ a trivial Java main; workspaces in $work)"
