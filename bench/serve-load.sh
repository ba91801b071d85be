#!/usr/bin/env bash
# Load figure of `loopreg serve`: requests per second and latency percentiles of the fleet overview page (/) for a
# workspace of N loops (default 200), measured with wrk on loopback. Two runs: with the default --cache-ttl 10
# (pages render from the last evaluation; the fleet is evaluated again in the background every 10 s or after a
# change) and with --cache-ttl 0 (the worst case: the evaluation of all N loops runs back to back in the
# background, competing with the requests for the 2 cores). Then the cost of one evaluation of the N loops
# (`loopreg status`, the same read, timed three times).
# usage: bench/serve-load.sh [LOOPS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
loops=${1:-200}
secs=${2:-30}
command -v wrk >/dev/null || { echo "serve-load: wrk is missing (apt-get install wrk)"; exit 1; }
ws=$(mktemp -d)/many
python3 bench/make-many-loops.py "$loops" "$ws"
./loopreg --version >/dev/null     # builds the jar when stale
port=18320
for ttl in 10 0; do
  java -jar target/loopreg.jar -w "$ws" --now 2026-06-25T12:00:00Z serve --no-schedule --port $port --cache-ttl $ttl \
      >/tmp/serve-load.out 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
  bytes=$(curl -fs "http://127.0.0.1:$port/" | wc -c)
  echo "== overview of $loops loops ($bytes bytes), --cache-ttl $ttl, wrk -t2 -c16 -d${secs}s"
  wrk -t2 -c16 -d5s "http://127.0.0.1:$port/" >/dev/null      # warm-up (JIT)
  wrk -t2 -c16 -d"${secs}"s --latency "http://127.0.0.1:$port/" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"
  kill $pid; wait $pid 2>/dev/null || true
done
echo "== one evaluation of $loops loops (loopreg status, whole command incl. JVM start), 3 runs"
for _ in 1 2 3; do
  /usr/bin/time -f "%e s wall, %M KB max RSS" java -jar target/loopreg.jar -w "$ws" --now 2026-06-25T12:00:00Z status >/dev/null
done
