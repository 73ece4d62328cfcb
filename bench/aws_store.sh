#!/usr/bin/env bash
# What the AWS state store costs: SendMessageBatch (10 × 100-byte messages) against the real
# binary with store.aws: memory and store.aws: sqlite (acknowledge after commit, WAL,
# synchronous=FULL), at a few connection counts, alternating the two so that background load
# hits both alike.
#
#   bench/aws_store.sh [--build DIR] [--duration 5] [--connections "1 8 32"] [--rounds 2]
# Prints one line per run: store, connections, batches/s, messages/s, latency percentiles.
# Everything binds to 127.0.0.1; every process started here is stopped by its PID (bench/lib.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build"
duration=5
connections="1 8 32"
rounds=2
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    *) echo "aws_store.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
script=aws_store.sh
source "$root/bench/lib.sh"
need_tools wrk curl
binary="$build/switchyard"
[ -x "$binary" ] || fail "no $binary (build first)"
port=19310; admin=19311

run() {  # store, connections
  rm -rf "$work/data"
  cat > "$work/config.yaml" <<CONF
server: { listen: 127.0.0.1:$port, admin: 127.0.0.1:$admin, shards: 1 }
store: { data_dir: $work/data, dlq: none, aws: $1 }
queues: { bench: {} }
log: { level: warn }
CONF
  "$binary" run -c "$work/config.yaml" > "$work/gateway.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$admin/readyz" >/dev/null 2>&1 && break
    sleep 0.05
  done
  local result
  result="$(QUEUE_URL="http://127.0.0.1:$port/000000000000/bench" \
    wrk -t1 -c"$2" -d"${duration}s" --latency -s "$root/bench/sqs_send_batch.lua" \
    "http://127.0.0.1:$port/" | tail -1)"
  printf '%-7s c=%-3s %s\n' "$1" "$2" "$result"
  kill "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
  forget_pid "$gateway_pid"
}

for _ in $(seq "$rounds"); do
  for c in $connections; do
    run memory "$c"
    run sqlite "$c"
  done
done
