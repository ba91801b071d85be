#!/usr/bin/env bash
# Whole-command benchmark of `loopreg collect` on a synthetic fleet (issue 3): REPOS repos × 2 agents, a year of
# executions each (12 a day by default: 4,380 lines per file), a year of tasks, one loop covering them all
# (repos: roster). Measures wall time and peak memory (max RSS, /usr/bin/time) of
#   one   — collect the latest hourly slot (the hourly collector's normal run)
#   week  — collect --backfill over a week of missed hourly slots (168 records)
#   small — one, again, with the heap capped at 64 MB (memory follows the window, not the history)
#   week-capped — week, with the heap capped at 256 MB
# Usage: bench/collect-fleet.sh [REPOS] [PER_DAY] [RUNS]   (defaults 1000 12 3)
set -euo pipefail
cd "$(dirname "$0")/.."
repos="${1:-1000}"; per_day="${2:-12}"; runs="${3:-3}"
./loopreg --version >/dev/null   # build first
work="${BENCH_DIR:-$(mktemp -d)}"
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
if [ ! -d "$work/fleet" ]; then
  echo "generating the fleet in $work ..." >&2
  python3 bench/make-fleet.py "$work" "$repos" 365 "$per_day"
fi
echo "fleet: $(find "$work/fleet" -name executions.jsonl | wc -l) executions files, $(du -sh "$work/fleet" | cut -f1), $(wc -l < "$work/tasks.jsonl") tasks" >&2

ws="$work/ws"
reset_ws() { # last-record-cycle
  rm -rf "$ws"
  ./loopreg -w "$ws" init --now 2026-06-01T00:00:00Z >/dev/null
  rm -rf "$ws/loops/quality-escalation" "$ws/loops/registry-hygiene"
  cp "$work/roster-active.yaml" "$ws/loops/kaizen-stack/roster.yaml"
  cp "$work/tasks.jsonl" "$ws/loops/kaizen-stack/tasks.jsonl"
  cat > "$ws/loops/kaizen-stack/loop.yml" <<YML
sla_hours: 24
tasks: {source: file, path: loops/kaizen-stack/tasks.jsonl}
agents: [optimization, coach]
repos: roster
repos_root: ../fleet
YML
  printf '{"loop":"kaizen-stack","cycle":"%s","at":"%s","phase":"bootstrap","tasks_created":null,"tasks_completed":null,"manual_rescues":null,"duplicate_tasks":null,"false_positive_rate":null,"agent_success_rate":null,"mean_session_time_sec":null,"cost_signal":null,"errors":[]}\n' "$1" "$1" > "$ws/loops/kaizen-stack/health.jsonl"
}

measure() { # label last-cycle java-opts collect-args...
  local label="$1" last="$2" opts="$3"; shift 3
  for i in $(seq "$runs"); do
    reset_ws "$last"
    /usr/bin/time -f "%e %M" -o "$work/time.txt" java $opts -jar target/loopreg.jar -w "$ws" collect --now 2026-06-25T12:10:00Z --progress none "$@" > "$work/out.txt" || true
    read -r secs kb < <(tail -1 "$work/time.txt")   # the first line may be "Command exited with non-zero status N"
    echo "$label run $i: ${secs}s, max RSS $((kb / 1024)) MB, $(($(wc -l < "$ws/loops/kaizen-stack/health.jsonl") - 1)) record(s) appended"
  done
  grep -E "kaizen-stack" "$work/out.txt" | head -2
}

measure one   2026-06-25T11:00:00Z ""
measure week  2026-06-18T12:00:00Z "" --backfill
measure small 2026-06-25T11:00:00Z "-Xmx64m"
measure week-capped 2026-06-18T12:00:00Z "-Xmx256m" --backfill
