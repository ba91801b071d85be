#!/usr/bin/env bash
# The replicas' faults, run again and again (issue 30): ReplicaFaultsTest — three `serve --database` processes, each
# reaching its own relay to a PostgreSQL cluster of the test's own, crons every minute — is run RUNS times; each run
# pauses the replica running a cycle (SIGSTOP) and restarts PostgreSQL while it sleeps, then cuts the next one off for
# 15 s, checks every invariant (one record per loop and slot, none missing, one sweep per slot, answers within 2 s,
# validate clean) and reports how long each recovery took. This prints the median and the worst of each figure.
#
# usage: bench/faults.sh [RUNS]      default 3 (about 3.5 minutes each)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); $(date -u +%F)"
for i in $(seq 1 "$runs"); do
  echo "run $i of $runs ..." >&2
  if ! mvn -B -o -q test -Dtest=ReplicaFaultsTest -Dsurefire.failIfNoSpecifiedTests=false -Dfaults.report="$report" \
      > "$report.log" 2>&1; then
    echo "run $i failed: an invariant did not hold (target/surefire-reports/dev.loopreg.cli.ReplicaFaultsTest.txt)" >&2
    tail -40 "$report.log" >&2
    exit 1
  fi
done
python3 - "$report" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(f"runs: {len(rows)}, every invariant held in each")
print(f"{'figure':45} {'median':>10} {'worst':>10}")
names = {
    "action_while_a_replica_sleeps_ms": "an action while a replica sleeps (answer)",
    "healthz_while_down_ms": "/healthz while PostgreSQL is down (503)",
    "action_while_down_ms": "an action while PostgreSQL is down (503)",
    "healthz_ok_after_restart_ms": "/healthz ok after PostgreSQL is back",
    "slot_recorded_by_another_after_pause_ms": "the sleeper's slot recorded by another",
    "action_done_after_cut_ms": "an action done after a replica is cut off",
    "slowest_answer_during_cut_ms": "slowest answer while it is cut off",
    "latest_sweep_start_ms": "latest start of a slot's sweep after its slot",
}
for k, label in names.items():
    v = [r[k] for r in rows]
    print(f"{label:45} {statistics.median(v)/1000:9.2f}s {max(v)/1000:9.2f}s")
print(f"{'slots swept, records per run':45} {statistics.median([r['slots_swept'] for r in rows]):>10} {statistics.median([r['records'] for r in rows]):>10}")
PY
