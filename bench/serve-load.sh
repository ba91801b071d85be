#!/usr/bin/env bash
# Load figures of `loopreg serve` (issue 17): requests per second, latency percentiles and the server's resident memory
# for the fleet overview (/) and /api/loops of a workspace of N loops (default 2000), measured with wrk on loopback
# (2 threads, 16 connections, a bounded run after a warm-up). The server runs through ./loopreg, with the launcher's
# settings, and the default --cache-ttl 10: pages render from the last evaluation, once per evaluation, while the fleet
# is evaluated again in the background every 10 s. Then the same with --cache-ttl 0 (the worst case: the evaluation of
# all N loops runs back to back, competing with the requests for the 2 cores).
# usage: bench/serve-load.sh [LOOPS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
loops=${1:-2000}
secs=${2:-20}
command -v wrk >/dev/null || { echo "serve-load: wrk is missing (apt-get install wrk)"; exit 1; }
work="${BENCH_DIR:-$(mktemp -d)}"
ws="$work/many-$loops"
[ -d "$ws" ] || python3 bench/make-many-loops.py "$loops" "$ws"
./loopreg --version >/dev/null     # builds the jar when stale
port=18320
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); wrk -t2 -c16 -d${secs}s; $(date -u +%F)"
for ttl in 10 0; do
  ./loopreg -w "$ws" --now 2026-06-25T12:00:00Z serve --no-schedule --port $port --cache-ttl $ttl >"$work/serve.out" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
  jpid=$(pgrep -f "serve --no-schedule --port $port" | tail -1)
  for path in / /api/loops; do
    bytes=$(curl -fs "http://127.0.0.1:$port$path" | wc -c)
    wrk -t2 -c16 -d5s "http://127.0.0.1:$port$path" >/dev/null      # warm-up (JIT)
    out=$(wrk -t2 -c16 -d"${secs}"s --latency "http://127.0.0.1:$port$path")
    rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
    p50=$(echo "$out" | awk '$1=="50%"{print $2}'); p99=$(echo "$out" | awk '$1=="99%"{print $2}')
    errs=$(echo "$out" | awk '/Non-2xx|Socket errors/{print}' | tr '\n' ' ')
    rss=$(( $(ps -o rss= -p "$jpid") / 1024 ))
    printf "%-12s --cache-ttl %-3s %7s bytes  %9s req/s  p50 %8s  p99 %8s  RSS %5d MB %s\n" "$path" "$ttl" "$bytes" "$rps" "$p50" "$p99" "$rss" "$errs"
  done
  etag=$(curl -fs -D - -o /dev/null "http://127.0.0.1:$port/api/loops" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')
  echo "/api/loops with If-None-Match: $etag -> $(curl -fs -o /dev/null -w "%{http_code}" -H "If-None-Match: $etag" "http://127.0.0.1:$port/api/loops")"
  kill $pid; wait $pid 2>/dev/null || true
done
