#!/usr/bin/env bash
# Replicas on one PostgreSQL (issue 18): LOOPS loops × REPOS repos on hourly crons, synthetic sources
# (bench/make-replica-fleet.py), all due at one slot — the top-of-the-hour burst of a fleet whose loops share a cron.
# For each replica count R: a fresh database with the fleet imported, R `serve --database` processes, each in its own
# checkout; two slots an hour, the first (cold: fresh JVMs) the next hh:MM at least LEAD seconds away, the second (warm)
# GAP minutes later (default 3). When every loop has its record of a slot:
#   cycles/s          LOOPS / (last cycle start - slot), and per replica
#   lag p50/p99/max   from the slot to each cycle's start (the record's "at", taken when the cycle starts)
#   spread            which replica ran how many cycles (picked_by is gone once a row completes: the replicas' /metrics)
#   CPU               the machine's busy CPU time (every core, /proc/stat) from the slot to the last record, per cycle
# BENCH_JFR=1 records a flight recording of each replica (replica-R-I.jfr in the work directory).
# Then the database's size per million health records, on an import of HISTORY records per loop.
# The cluster is a private one (Debian's postgresql binaries) with its default durability (fsync on).
# Usage: bench/replicas.sh [LOOPS] [REPOS] [HISTORY] [R ...]   (defaults 10000 10 100 1 2 3)
set -euo pipefail
cd "$(dirname "$0")/.."
loops="${1:-10000}"; repos="${2:-10}"; history="${3:-100}"; shift 3 2>/dev/null || shift $#
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1 2 3)
lead="${LEAD:-75}"; gap="${GAP:-3}"   # minutes from the cold slot to the warm one
./loopreg --version >/dev/null   # build first
work="${BENCH_DIR:-$(mktemp -d /tmp/loopreg-replicas.XXXX)}"; mkdir -p "$work"
cp target/loopreg.jar "$work/loopreg.jar"   # one jar for the whole run, whatever is rebuilt meanwhile
loopreg() { java -jar "$work/loopreg.jar" "$@"; }
chmod 755 "$work"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/pg"; [ "$(id -u)" = 0 ] && chown postgres "$work/pg"
as_pg "$bin/initdb" -D "$work/pg/data" -U loopreg --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$bin/pg_ctl" -D "$work/pg/data" -w -l "$work/pg/log" -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; as_pg "$bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null || true; }
trap cleanup EXIT
psql() { "$bin/psql" -h 127.0.0.1 -p "$port" -U loopreg -At "$@"; }
java_opts="-XX:+UseSerialGC -Xss512k"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); PostgreSQL $("$bin/postgres" --version | awk '{print $3}')"
echo "fleet: $loops loops x $repos repos, hourly crons; $(date -u +%Y-%m-%d)"

next_slot() { python3 - "$lead" <<'PY'
import datetime, sys
t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=int(sys.argv[1]))
t = (t + datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)
print(t.strftime("%Y-%m-%dT%H:%M:%SZ"))
PY
}


# measure_slot R DB SLOT LABEL IMPORT: waits for SLOT (the machine's busy CPU time and the replicas' counted from there),
# then for every loop's record of it; prints the figures of that slot
declare -A picked_before
measure_slot() {
  local r="$1" db="$2" slot="$3" label="$4" import_s="$5"
  python3 -c "import time,datetime; t=datetime.datetime.strptime('$slot','%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc).timestamp(); time.sleep(max(0, t - time.time()))"
  local busy0 jvm0=0 busy jvm=0 done_n last_start p50 p99 pmax spread="" i p n
  busy0=$(awk '/^cpu / {print $2+$3+$4+$7+$8}' /proc/stat)
  for p in "${pids[@]}"; do jvm0=$((jvm0 + $(awk '{print $14+$15}' /proc/$p/stat))); done
  while :; do
    done_n=$(psql -d "$db" -c "SELECT count(*) FROM health_lines WHERE cycle = '$slot'")
    [ "$done_n" -ge "$loops" ] && break
    sleep 1
  done
  busy=$(( $(awk '/^cpu / {print $2+$3+$4+$7+$8}' /proc/stat) - busy0 ))   # jiffies (1/100 s) of every core
  for p in "${pids[@]}"; do jvm=$((jvm + $(awk '{print $14+$15}' /proc/$p/stat))); done; jvm=$((jvm - jvm0))
  read -r last_start p50 p99 pmax < <(psql -d "$db" -F ' ' -c "
    WITH l AS (SELECT extract(epoch FROM ((line::json->>'at')::timestamptz - cycle)) AS lag FROM health_lines WHERE cycle = '$slot')
    SELECT max(lag), percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag) FROM l")
  for i in $(seq "$r"); do
    p=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve-$r-$i.log" | head -1)
    n=$(curl -s "$p/metrics" | awk '/^loopreg_scheduler_runs_picked_total\{.*job="loop-cycle"/ {s+=$NF} END {print s+0}')
    spread="$spread $(python3 -c "print(int($n - ${picked_before[$i]:-0}))")"
    picked_before[$i]=$n
  done
  python3 - "$r" "$loops" "$last_start" "$p50" "$p99" "$pmax" "$spread" "$import_s" "$busy" "$jvm" "$label" <<'PY'
import sys
r, n, last, p50, p99, pmax, spread, imp, busy, jvm, label = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:7]), sys.argv[7], sys.argv[8], int(sys.argv[9]), int(sys.argv[10]), sys.argv[11]
rate = n / last if last > 0 else float("nan")
print(f"replicas {r}, {label}: {n} cycles in {last:.1f} s after the slot = {rate:.1f} cycles/s ({rate / r:.1f} per replica); "
      f"lag p50 {p50:.1f} s, p99 {p99:.1f} s, max {pmax:.1f} s; cycles per replica:{spread}; "
      f"CPU {busy / 100:.0f} s of the machine = {busy * 10 / n:.1f} ms a cycle ({jvm * 10 / n:.1f} ms in the replicas, the rest "
      f"PostgreSQL and the system); import {imp} s", flush=True)
PY
}

for r in "${counts[@]}"; do
  picked_before=()
  slot=$(next_slot)
  rm -rf "$work/ws" "$work/fleet" "$work"/co-*
  loopreg -w "$work/ws" init --now 2026-01-01T00:00:00Z >/dev/null
  python3 bench/make-replica-fleet.py "$work/ws" "$loops" "$repos" 2 "$slot" "$gap"
  db="run$r"
  psql -d postgres -c "CREATE DATABASE $db" >/dev/null
  url="postgresql://loopreg@127.0.0.1:$port/$db"
  t0=$(date +%s.%N)
  loopreg -w "$work/ws" --database "$url" db import >/dev/null
  import_s=$(python3 -c "print(round($(date +%s.%N) - $t0, 1))")
  pids=()
  for i in $(seq "$r"); do
    cp -r "$work/ws" "$work/co-$i"
    jfr=""; [ -n "${BENCH_JFR:-}" ] && jfr="-XX:StartFlightRecording=filename=$work/replica-$r-$i.jfr,settings=profile"
    JAVA_TOOL_OPTIONS="$java_opts $jfr" java -jar "$work/loopreg.jar" -w "$work/co-$i" --database "$url" serve --port 0 \
      > "$work/serve-$r-$i.log" 2>&1 &
    pids+=($!)
  done
  measure_slot "$r" "$db" "$slot" "cold" "$import_s"
  measure_slot "$r" "$db" "$(python3 -c "import datetime; t=datetime.datetime.strptime('$slot','%Y-%m-%dT%H:%M:%SZ'); print((t+datetime.timedelta(minutes=$gap)).strftime('%Y-%m-%dT%H:%M:%SZ'))")" "warm" "$import_s"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done

# the database's size per million health records: HISTORY records per loop, imported
rm -rf "$work/ws" "$work/fleet" "$work"/co-*
loopreg -w "$work/ws" init --now 2026-01-01T00:00:00Z >/dev/null
python3 bench/make-replica-fleet.py "$work/ws" "$loops" "$repos" "$history" "$(next_slot)"
psql -d postgres -c "CREATE DATABASE sized" >/dev/null
t0=$(date +%s.%N)
loopreg -w "$work/ws" --database "postgresql://loopreg@127.0.0.1:$port/sized" db import >/dev/null
import_s=$(python3 -c "print(round($(date +%s.%N) - $t0, 1))")
psql -d sized -c "VACUUM ANALYZE" >/dev/null
read -r rows bytes < <(psql -d sized -F ' ' -c "
  SELECT (SELECT count(*) FROM health_lines),
         (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('health_lines'))")
files=$(cat "$work"/ws/loops/loop-*/health.jsonl | wc -c)
python3 - "$rows" "$bytes" "$files" "$import_s" <<'PY'
import sys
rows, b, files, imp = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print(f"size: {rows} health records = {b / 2**20:.0f} MiB in the database (table, partitions and index), "
      f"{b / rows * 1e6 / 2**20:.0f} MiB per million records; the same records as files: {files / rows * 1e6 / 2**20:.0f} MiB per million; "
      f"import {imp} s ({rows / float(imp):.0f} records/s)")
PY
