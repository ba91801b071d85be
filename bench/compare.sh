#!/usr/bin/env bash
# Side by side, in one run: loopreg against the script a careful engineer writes instead (bench/evaluate.py, standard
# library only: each health.jsonl read backwards in 64 KiB chunks only as far as the phase boundary, numbers as the JSON
# parser gives them, instants with datetime.fromisoformat, each workplan read once) and against reading the bytes (`cat`),
# on generated workspaces. Before timing, it checks that loopreg and the script agree on every loop's recommendation and
# every rule's value (bench/agree.py).
# Runs are interleaved (loopreg, script, cat, loopreg, ...); figures are medians; peak RSS is the largest of the runs.
#
# usage: bench/compare.sh [RUNS] [LOOPS...]      default: 3 runs, 1000 and 5000 loops (200 hourly records each)
# Rows: evaluate at each size; evaluate beside a month of history; collect of an hourly slot on the 1,000-repo fleet of
# bench/make-fleet.py (against bench/collect.py) and a week's --backfill; start-up against a trivial Java main, through
# ./loopreg and, when the loopreg package is installed, through /usr/bin/loopreg; the demo.
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
      "status::./loopreg -w $ws status --now $now" \
      "cat::cat $ws/loops/*/health.jsonl $ws/loops/*/*.yml $ws/workplans/*" > "$work/m-$n.tsv"
  awk -F'\t' -v n="$n" '{t[$1]=$2; r[$1]=$3} END {
      printf "%-44s %10d %10d %8.2f %10d %8.1f %7d MB\n", "evaluate, " n " loops x 200 records", t["loopreg"], t["script"],
          t["loopreg"]/t["script"], t["cat"], t["loopreg"]/t["cat"], r["loopreg"]
      printf "%-44s %10d %10d %8.2f %10d %8.1f %7d MB\n", "status, " n " loops x 200 records", t["status"], t["script"],
          t["status"]/t["script"], t["cat"], t["status"]/t["cat"], r["status"] }' "$work/m-$n.tsv"
}

for n in "${sizes[@]}"; do evaluate_row "$n"; done

# evaluate beside a month of hourly evaluations (recommendations.jsonl and runs.jsonl as a month of evaluate runs leave
# them), against the same fleet fresh
history_row() { # loops
  local n="$1" ws="$work/eval-$1" hist="$work/hist-$1"
  if [ ! -d "$hist" ]; then
    cp -r "$ws" "$hist"
    python3 bench/make-history.py "$hist" 30 "$now"
  fi
  # the month is copied in once; each run's own lines are cut off again (truncate), so no reset writes 100 MB just
  # before a timed run; both resets end with sync, so neither run competes with the disk's write-back
  local r="$hist/loops/regulator"
  cp "$r/month-recommendations.jsonl" "$r/recommendations.jsonl"; cp "$r/month-runs.jsonl" "$r/runs.jsonl"
  python3 bench/measure.py "$runs" \
      "month::./loopreg -w $hist evaluate --now $now::truncate -s $(stat -c %s "$r/month-recommendations.jsonl") $r/recommendations.jsonl; truncate -s $(stat -c %s "$r/month-runs.jsonl") $r/runs.jsonl; sync" \
      "fresh::./loopreg -w $ws evaluate --now $now::rm -f $ws/loops/regulator/recommendations.jsonl $ws/loops/regulator/runs.jsonl; sync" > "$work/m-hist.tsv"
  awk -F'\t' -v n="$n" '{t[$1]=$2; r[$1]=$3} END {
      printf "%-44s %10d %10s %8s %10d %8.2f %7d MB\n", "evaluate, " n " loops + a month of history (÷ fresh)", t["month"], "-", "-",
          t["fresh"], t["month"]/t["fresh"], r["month"] }' "$work/m-hist.tsv"
}
history_row "${sizes[0]}"

# collect: the hourly slot of a loop over a 1,000-repo fleet (two agents, a year of executions each, a year of tasks)
collect_rows() {
  local fleet="$work/fleet"
  [ -d "$fleet/fleet" ] || python3 bench/make-fleet.py "$fleet" 1000 365 12
  local ws="$fleet/ws0"
  if [ ! -d "$ws" ]; then
    ./loopreg -w "$ws" init --now 2026-06-01T00:00:00Z >/dev/null
    rm -rf "$ws/loops/quality-escalation" "$ws/loops/registry-hygiene"
    # the same aggregation as the script: no rotation snapshots (the rotation loop is another one)
    sed -i 's/^loop: kaizen-stack/loop: registry-hygiene/' "$ws/loops/regulator/rotation-policy.yml"
    cp "$fleet/roster-active.yaml" "$ws/loops/kaizen-stack/roster.yaml"
    cp "$fleet/tasks.jsonl" "$ws/loops/kaizen-stack/tasks.jsonl"
    printf 'sla_hours: 24\ntasks: {source: file, path: loops/kaizen-stack/tasks.jsonl}\nagents: [optimization, coach]\nrepos: roster\nrepos_root: ../fleet\n' \
        > "$ws/loops/kaizen-stack/loop.yml"
  fi
  local one="$fleet/ws-one" week="$fleet/ws-week" cnow=2026-06-25T12:10:00Z
  reset() { # dir last-cycle
    echo "rm -rf $1 && cp -r $ws $1 && printf '{\"loop\":\"kaizen-stack\",\"cycle\":\"$2\",\"at\":\"$2\",\"phase\":\"bootstrap\",\"errors\":[]}\\n' > $1/loops/kaizen-stack/health.jsonl"
  }
  bash -c "$(reset "$one" 2026-06-25T11:00:00Z)"
  ./loopreg -w "$one" collect --now "$cnow" --progress none >/dev/null
  python3 bench/collect.py "$one" kaizen-stack "$cnow" > "$work/collect-script.json"
  python3 - "$one/loops/kaizen-stack/health.jsonl" "$work/collect-script.json" >&2 <<'PY'
import json, sys
mine = json.loads(open(sys.argv[1]).read().splitlines()[-1]); theirs = json.load(open(sys.argv[2]))
bad = [k for k in theirs if k != "loop" and mine.get(k) != theirs[k]]
if bad:
    sys.exit("collect: loopreg and the script disagree on " + ", ".join("%s (%s vs %s)" % (k, mine.get(k), theirs[k]) for k in bad))
print("collect: loopreg and the script agree on every field of the record", file=sys.stderr)
PY
  local tails="$work/exec-files.txt"
  find "$fleet/fleet" -name executions.jsonl | sort > "$tails"
  # the bytes collect must read: the task export, the loop's files, and the end of each executions file (the slot's
  # lines are in its last 4 KiB)
  printf 'cat %s/loops/kaizen-stack/tasks.jsonl %s/loops/kaizen-stack/*.yml %s/loops/kaizen-stack/roster.yaml\nxargs tail -q -c 4096 < %s\n' \
      "$one" "$one" "$one" "$tails" > "$work/cat-collect.sh"
  python3 bench/measure.py "$runs" \
      "loopreg::./loopreg -w $one collect --now $cnow --progress none::$(reset "$one" 2026-06-25T11:00:00Z)" \
      "script::python3 bench/collect.py $one kaizen-stack $cnow" \
      "cat::bash $work/cat-collect.sh" \
      "backfill::./loopreg -w $week collect --backfill --now $cnow --progress none::$(reset "$week" 2026-06-18T12:00:00Z)" > "$work/m-collect.tsv"
  awk -F'\t' '{t[$1]=$2; r[$1]=$3} END {
      printf "%-44s %10d %10d %8.2f %10d %8.1f %7d MB\n", "collect, hourly slot, 1,000-repo fleet", t["loopreg"], t["script"],
          t["loopreg"]/t["script"], t["cat"], t["loopreg"]/t["cat"], r["loopreg"]
      printf "%-44s %10d %10s %8s %10s %8s %7d MB\n", "collect --backfill, a week (168 slots)", t["backfill"], "-", "-", "-", "-", r["backfill"] }' "$work/m-collect.tsv"
}
collect_rows

# start-up: a 3-loop evaluate against a trivial Java main
mkdir -p "$work/hello"
cat > "$work/hello/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$work/hello" "$work/hello/Hello.java"
sample="$work/sample"; rm -rf "$sample"; cp -r examples/sample-workspace "$sample"
# (the installed package's /usr/bin/loopreg, when it is there: its own runtime and archive; the same JVM settings)
installed=()
if [ -x /usr/bin/loopreg ] && [ -f /usr/lib/loopreg/loopreg.jar ]; then
  installed=("installed::/usr/bin/loopreg -w $sample evaluate --now $now::rm -f $sample/loops/regulator/recommendations.jsonl")
fi
python3 bench/measure.py "$runs" \
    "loopreg::./loopreg -w $sample evaluate --now $now::rm -f $sample/loops/regulator/recommendations.jsonl" \
    "java::java -cp $work/hello Hello" "${installed[@]}" > "$work/m-start.tsv"
awk -F'\t' '{t[$1]=$2; r[$1]=$3} END {
    printf "%-44s %10d %10s %8s %10d %8.1f %7d MB\n", "start-up: evaluate, 3 loops (÷ trivial java)", t["loopreg"], "-", "-", t["java"],
        t["loopreg"]/t["java"], r["loopreg"]
    if ("installed" in t) printf "%-44s %10d %10s %8s %10d %8.1f %7d MB\n", "start-up, installed package (÷ trivial java)",
        t["installed"], "-", "-", t["java"], t["installed"]/t["java"], r["installed"] }' "$work/m-start.tsv"

# the demo: 21 days, 504 hourly cycles of collect + evaluate
python3 bench/measure.py 1 "demo::./loopreg demo --dir $work/demo::rm -rf $work/demo" > "$work/m-demo.tsv"
awk -F'\t' '{printf "%-44s %10d %10s %8s %10s %8s %7d MB\n", "demo (21 days, 504 cycles)", $2, "-", "-", "-", "-", $3}' "$work/m-demo.tsv"
echo
echo "(÷cat: the start-up row is ÷ a trivial Java main, the history row ÷ the fresh workspace; workspaces in $work)"
