#!/usr/bin/env bash
# 1:1 forward throughput, Switchyard vs nginx, measured in one run on one box.
#
#   wrk → nginx proxy_pass (keepalive upstream)  → sink      the baseline
#   wrk → Switchyard (/events/bench, raw format) → sink      lean libuv client (the default)
#   wrk → Switchyard, client: curl               → sink      libcurl multi on the same loop
# Events/s are counted at the sink, and the gateway's CPU time per delivered event is reported.
#
# The sink is a separate nginx answering 200 to every POST; its stub_status request counter is
# what both runs are measured by (events that arrived, not requests accepted).
#
#   bench/forward.sh [--duration 10] [--connections 32] [--threads 1] [--workers 1]
# --workers: nginx proxy worker processes and Switchyard shards (same number, fair comparison).
# Everything binds to 127.0.0.1; every process started here is stopped by its PID.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration=10
connections=32
threads=1
workers=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --workers) workers="$2"; shift ;;
    *) echo "forward.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

script=forward.sh
source "$root/bench/lib.sh"
need_tools wrk nginx curl bc
binary="$root/build/switchyard"
[ -x "$binary" ] || "$root/scripts/setup.sh"


sink_port=19200; proxy_port=19201; gateway_port=19202; admin_port=19203


nginx_conf sink "server { listen 127.0.0.1:$sink_port; location = /status { stub_status; } location / { client_body_buffer_size 64k; return 200 'ok'; } }" 1
nginx_conf proxy "upstream sink { server 127.0.0.1:$sink_port; keepalive 64; }
  server { listen 127.0.0.1:$proxy_port; location / { proxy_pass http://sink; proxy_http_version 1.1; proxy_set_header Connection ''; } }" "$workers"

nginx -c "$work/sink/nginx.conf" -p "$work/sink" & pids+=($!)
nginx -c "$work/proxy/nginx.conf" -p "$work/proxy" & pids+=($!)

start_gateway() {  # client → starts Switchyard, sets gateway_pid
  cat > "$work/switchyard-$1.yaml" <<CONF
server: { listen: 127.0.0.1:$gateway_port, admin: 127.0.0.1:$admin_port, shards: $workers }
functions:
  sink: { endpoint: "http://127.0.0.1:$sink_port/", concurrency: 64, queue_limit: 50000, client: $1 }
triggers:
  bench: { source: { kind: http }, function: sink, format: raw }
CONF
  "$binary" run -c "$work/switchyard-$1.yaml" --log-level warn &
  gateway_pid=$!
  pids+=("$gateway_pid")
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$gateway_port/" && return; sleep 0.1; done
}
stop_gateway() {
  curl -s "http://127.0.0.1:$admin_port/metrics" |
    grep -E '^switchyard_(events_rejected_total|deliveries_(dead_lettered|failed)_total)' |
    grep -v ' 0$' | sed 's/^/    /' || true
  kill "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
}

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = string.rep("x", 293)
wrk.headers["Content-Type"] = "application/octet-stream"
LUA

sink_count() {  # requests the sink served, minus the status requests themselves
  curl -s "http://127.0.0.1:$sink_port/status" | awk '/^ *[0-9]+ +[0-9]+ +[0-9]+/ {print $3}'
}
for port in $sink_port $proxy_port; do
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done

measure() {  # label, url, [pid whose CPU to report] → prints events/s at the sink
  local label="$1" url="$2" cpu_pid="${3:-}"
  local before after start end cpu_before=0
  [ -n "$cpu_pid" ] && cpu_before=$(cpu_seconds "$cpu_pid")
  before=$(sink_count)
  start=$(date +%s.%N)
  wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$work/post.lua" "$url" > "$work/$label.wrk"
  # Wait until the sink stops receiving (Switchyard may still be delivering its queue). Each
  # status poll is itself one request, so "stopped" means it grew by exactly that one.
  local last now polls=1 settled_at
  last=$(sink_count)
  settled_at=$(date +%s.%N)
  while true; do
    sleep 0.2
    now=$(sink_count)
    polls=$((polls + 1))
    [ $((now - last)) -le 1 ] && break
    last=$now
    settled_at=$(date +%s.%N)
  done
  end=$settled_at
  after=$last
  local events=$((after - before - polls + 1))
  local seconds
  seconds=$(echo "$end - $start" | bc -l)
  local accepted
  accepted=$(awk '/Requests\/sec/ {print $2}' "$work/$label.wrk")
  local cpu=""
  if [ -n "$cpu_pid" ]; then
    cpu=$(echo "($(cpu_seconds "$cpu_pid") - $cpu_before) * 1000000 / $events" | bc -l)
    cpu=$(printf '   gateway CPU %5.1f us/event' "$cpu")
  fi
  printf '%-18s accepted/s %10s   delivered %9d in %6.2fs = %10.0f events/s%s\n' \
    "$label" "$accepted" "$events" "$seconds" "$(echo "$events / $seconds" | bc -l)" "$cpu"
  echo "$events / $seconds" | bc -l > "$work/$label.rate"
}

echo "1:1 forward, 293-byte POST, wrk -t$threads -c$connections -d${duration}s, $workers worker(s)/shard(s), $(nproc) cores"
nginx_worker=$(pgrep -P "$(cat "$work/proxy/nginx.pid")" | head -n1)
measure nginx "http://127.0.0.1:$proxy_port/" "$nginx_worker"
start_gateway native
measure switchyard "http://127.0.0.1:$gateway_port/events/bench" "$gateway_pid"
stop_gateway
start_gateway curl
measure switchyard-curl "http://127.0.0.1:$gateway_port/events/bench" "$gateway_pid"
stop_gateway
ratio() { echo "$(cat "$work/$1.rate") / $(cat "$work/$2.rate")" | bc -l; }
printf 'ratio switchyard/nginx:      %.2f\n' "$(ratio switchyard nginx)"
printf 'ratio switchyard-curl/nginx: %.2f\n' "$(ratio switchyard-curl nginx)"
