#!/usr/bin/env bash
# The overview for a signed-in person (issue 19) beside the anonymous one: with --oidc the overview is rendered for
# each request (the queue with the person's buttons, a fresh request id per form), without it once per evaluation and
# served from the cache. Two servers on the same workspace of N loops (default 2000), measured with wrk on loopback
# (2 threads, 16 connections), interleaved A B A B after a warm-up each; medians of the rounds.
# The session cookie is minted with the server's key (bench/MintSession.java); the identity provider is never contacted.
# usage: bench/serve-signed-in.sh [LOOPS] [SECONDS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
loops=${1:-2000}
secs=${2:-10}
rounds=${3:-3}
command -v wrk >/dev/null || { echo "serve-signed-in: wrk is missing (apt-get install wrk)"; exit 1; }
work="${BENCH_DIR:-$(mktemp -d)}"
ws="$work/many-$loops"
[ -d "$ws" ] || python3 bench/make-many-loops.py "$loops" "$ws"
./loopreg --version >/dev/null     # builds the jar when stale
export LOOPREG_SESSION_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export LOOPREG_OIDC_CLIENT_SECRET=bench
printf 'issuer: https://idp.invalid\nclient_id: loopreg\nbase_url: http://127.0.0.1:18322\nroles: {viewer: ["*"]}\n' > "$work/oidc.yml"
cookie=$(java -cp target/loopreg.jar bench/MintSession.java operator)
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); $loops loops; wrk -t2 -c16 -d${secs}s x $rounds rounds; $(date -u +%F)"
./loopreg -w "$ws" --now 2026-06-25T12:00:00Z serve --no-schedule --port 18321 >"$work/a.out" 2>&1 &
a=$!
./loopreg -w "$ws" --now 2026-06-25T12:00:00Z serve --no-schedule --port 18322 --oidc "$work/oidc.yml" >"$work/b.out" 2>&1 &
b=$!
trap 'kill $a $b 2>/dev/null || true' EXIT
for port in 18321 18322; do
  for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
done
echo "anonymous overview: $(curl -fs http://127.0.0.1:18321/ | wc -c) bytes; signed-in overview: $(curl -fs -H "Cookie: loopreg_session=$cookie" http://127.0.0.1:18322/ | wc -c) bytes"
wrk -t2 -c16 -d5s http://127.0.0.1:18321/ >/dev/null
wrk -t2 -c16 -d5s -H "Cookie: loopreg_session=$cookie" http://127.0.0.1:18322/ >/dev/null
run() { wrk -t2 -c16 -d"${secs}"s --latency "$@" | awk '/Requests\/sec/{r=$2} $1=="99%"{p=$2} END{print r, p}'; }
ra=(); rb=()
for i in $(seq 1 "$rounds"); do
  x=$(run http://127.0.0.1:18321/); ra+=("$x"); echo "round $i anonymous: $x (req/s, p99)"
  y=$(run -H "Cookie: loopreg_session=$cookie" http://127.0.0.1:18322/); rb+=("$y"); echo "round $i signed-in: $y (req/s, p99)"
done
median() { printf '%s\n' "$@" | awk '{print $1}' | sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
ma=$(median "${ra[@]}"); mb=$(median "${rb[@]}")
echo "median req/s: anonymous $ma, signed-in $mb, ratio $(awk -v a="$ma" -v b="$mb" 'BEGIN{printf "%.2f", b/a}')"
echo "RSS: anonymous $(( $(ps -o rss= -p "$(pgrep -f 'serve --no-schedule --port 18321' | tail -1)") / 1024 )) MB, signed-in $(( $(ps -o rss= -p "$(pgrep -f 'serve --no-schedule --port 18322' | tail -1)") / 1024 )) MB"
