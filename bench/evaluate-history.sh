#!/usr/bin/env bash
# Whole-command benchmark: does `loopreg evaluate` cost grow with the length of health.jsonl?
# Builds three workspaces of 3 loops each, one with a week of hourly records per loop (168), one with a year
# (8760), one with two years (17520), and times `evaluate` RUNS times on each (median, milliseconds, JVM start included).
# Usage: bench/evaluate-history.sh [RUNS]   (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"
./loopreg --version >/dev/null   # build first
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

make_ws() { # dir hours
  local dir="$1" hours="$2"
  ./loopreg -w "$dir" init --now 2025-01-01T00:00:00Z >/dev/null
  python3 - "$dir" "$hours" <<'PY'
import sys, datetime, os
d, hours = sys.argv[1], int(sys.argv[2])
start = datetime.datetime(2025, 1, 1, 1, tzinfo=datetime.timezone.utc)
for loop in ("kaizen-stack", "quality-escalation", "registry-hygiene"):
    p = os.path.join(d, "loops", loop, "cadence.yml")
    s = open(p).read().replace("phase_since: 2025-01-01T00:00:00Z", "phase_since: null")
    open(p, "w").write(s)
    with open(os.path.join(d, "loops", loop, "health.jsonl"), "w") as f:
        for i in range(hours):
            c = (start + datetime.timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            f.write('{"loop":"%s","cycle":"%s","at":"%s","phase":"bootstrap","tasks_created":5,"tasks_completed":4,'
                    '"sla_completion_rate":0.8,"manual_rescues":0,"duplicate_tasks":0,"false_positive_rate":0,'
                    '"agent_success_rate":0.9,"mean_session_time_sec":600,"cost_signal":0.83,"errors":[]}\n' % (loop, c, c))
PY
}

median_ms() { # dir now
  local dir="$1" now="$2" t=()
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    java -jar target/loopreg.jar -w "$dir" evaluate --now "$now" >/dev/null
    e=$(date +%s%N)
    t+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

make_ws "$work/week" 168
make_ws "$work/year" 8760
make_ws "$work/two-years" 17520
week_now=$(python3 -c 'import datetime; print((datetime.datetime(2025,1,1,1)+datetime.timedelta(hours=167)).strftime("%Y-%m-%dT%H:%M:%SZ"))')
year_now=$(python3 -c 'import datetime; print((datetime.datetime(2025,1,1,1)+datetime.timedelta(hours=8759)).strftime("%Y-%m-%dT%H:%M:%SZ"))')
echo "health.jsonl per loop: week $(du -h "$work/week/loops/kaizen-stack/health.jsonl" | cut -f1), year $(du -h "$work/year/loops/kaizen-stack/health.jsonl" | cut -f1)"
echo "evaluate, 3 loops, median of $runs runs:"
echo "  week of hourly records (168/loop):  $(median_ms "$work/week" "$week_now") ms"
echo "  year of hourly records (8760/loop): $(median_ms "$work/year" "$year_now") ms"
two_now=$(python3 -c 'import datetime; print((datetime.datetime(2025,1,1,1)+datetime.timedelta(hours=17519)).strftime("%Y-%m-%dT%H:%M:%SZ"))')
echo "  two years (17520/loop):             $(median_ms "$work/two-years" "$two_now") ms"
