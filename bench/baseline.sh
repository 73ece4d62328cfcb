#!/usr/bin/env bash
# Issue 6's baselines, measured in one run on one box, side by side with nginx:
#
#  (a) 1:1 forward    wrk → Switchyard (webhook, raw)        → sink
#                     wrk → nginx proxy_pass (keepalive 64)   → the same sink       (the baseline)
#  (b) 1:3 fan-out    wrk → Switchyard, functions: [a, b, c]  → 3 sinks
#                     wrk → nginx proxy_pass + 2 × mirror     → the same 3 sinks (keep-alive
#                     upstreams, sinks answering 204 without a body so mirror connections are reused)
#  (c) batching       wrk → SQS SendMessageBatch (10 events) → queue → sqs trigger, batch 10 → sink
#                     wrk → Switchyard webhook (1 event) → batch { size: 10, window } → sink
#                     both against wrk → nginx proxy_pass → the same sink (1 event per request)
#  (d) latency        switchyard bench, open loop at half of (a)'s Switchyard maximum: p99 of the
#                     sink's end-to-end figure (accepted → function called), against the p99 that
#                     nginx adds at the same rate (through nginx minus straight to the sink)
#  (e) memory         RSS growth per queued 300-byte event (a function that never answers,
#                     concurrency 1): 100k queued with format raw and aws; what the count bound
#                     (queue_limit) does past it; then 1M sent to a gateway whose
#                     server.memory_budget (256 MiB) they do not fit in: refused past it (429),
#                     peak RSS against the budget
#
# Events are counted where they arrive: for (a) and (b) at an nginx sink through its stub_status
# request counter, for (c) and (d) at `switchyard sink` (which counts the events of a batch:
# X-Switchyard-Event-Id lists them, and an SQS event's records name theirs). Each side of a ratio
# uses the same sink; a run counts until its sink stops receiving (Switchyard may still be
# delivering its queue when wrk ends), so events/s = events at the sink / (wrk start → last event).
# Each measurement runs --runs times, the two sides alternating; figures are the median and the
# range, ratios median / median with the range of the per-run ratios. The load average is printed
# with each section: on a shared machine the figures move with it.
#
#   bench/baseline.sh [--duration 10] [--runs 3] [--connections 32] [--threads 1] [--workers 1]
#                     [--only abcde] [--build-dir DIR] [--queued 100000] [--fill 1000000]
#                     [--window 5ms] [--perf DIR]
# --perf DIR: profile the gateway (perf record, cpu-clock, DWARF call graphs) during the first run of each
#   Switchyard measurement; DIR gets LABEL.data and LABEL.txt (the top of perf report).
# --workers: nginx proxy worker processes and Switchyard shards (same number, fair comparison).
# Everything binds to 127.0.0.1; every process started here is stopped by its PID. Exits non-zero
# only when something could not be set up; a missed goal is printed, not an error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration=10
runs=3
connections=32
threads=1
workers=1
only=abcde
build_dir="$root/build"
queued=100000
fill=1000000
window=5ms
perf_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --workers) workers="$2"; shift ;;
    --only) only="$2"; shift ;;
    --build-dir) build_dir="$(cd "$2" && pwd)"; shift ;;
    --queued) queued="$2"; shift ;;
    --fill) fill="$2"; shift ;;
    --perf) mkdir -p "$2"; perf_dir="$(cd "$2" && pwd)"; shift ;;
    --window) window="$2"; shift ;;
    *) echo "baseline.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ "$only" == *"$1"* ]]; }

script=baseline.sh
source "$root/bench/lib.sh"
need_tools wrk nginx curl bc
binary="$build_dir/switchyard"
if [ ! -x "$binary" ]; then
  "$root/scripts/setup.sh" --build-dir "$build_dir" --target switchyard
fi


base=19240
sink_port=$base                # nginx sink: 200 "ok" (a), status page
fan_ports=($((base + 1)) $((base + 2)) $((base + 3)))  # nginx sink: 204, no body (b)
ysink_port=$((base + 4))       # switchyard sink (c, d)
proxy_port=$((base + 5))       # nginx proxy_pass → nginx sink (a)
mirror_port=$((base + 6))      # nginx proxy_pass + mirror ×2 → fan sinks (b)
yproxy_port=$((base + 7))      # nginx proxy_pass → switchyard sink (c, d)
gateway_port=$((base + 8)); admin_port=$((base + 9))
hold_port=$((base + 10))       # switchyard sink that never answers (e)
mem_port=$((base + 11)); mem_admin_port=$((base + 12))
durable_port=$((base + 13)); durable_admin_port=$((base + 14))  # (c) with store.aws: sqlite

# ---------------------------------------------------------------------------------------------
# Helpers: statistics, process CPU, waiting for ports.

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
minimum() { printf '%s\n' "$@" | sort -g | head -n1; }
maximum() { printf '%s\n' "$@" | sort -g | tail -n1; }
fmt() { printf '%.0f' "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
summary() {  # values… → "median M (range A–B)"
  printf 'median %s (range %s–%s)' "$(fmt "$(median "$@")")" "$(fmt "$(minimum "$@")")" \
    "$(fmt "$(maximum "$@")")"
}
load_line() { echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"; }
goal() {  # value, threshold, "≥"|"≤" → MET / MISSED
  local ok
  if [ "$3" = "≥" ]; then ok=$(calc "$1 >= $2"); else ok=$(calc "$1 <= $2"); fi
  [ "$ok" = 1 ] && echo "met" || echo "MISSED"
}
summary_lines=()

# ---------------------------------------------------------------------------------------------
# nginx: one sink (1 worker: 200 "ok" on sink_port with stub_status, 204 on the fan ports) and
# one proxy (proxy_pass, mirror, proxy_pass to the switchyard sink), each with keep-alive
# upstreams.


keepalive_proxy='proxy_http_version 1.1; proxy_set_header Connection "";'
nginx_conf sink "
  server { listen 127.0.0.1:$sink_port; location = /status { stub_status; }
           location / { return 200 'ok'; } }
  server { listen 127.0.0.1:${fan_ports[0]}; listen 127.0.0.1:${fan_ports[1]};
           listen 127.0.0.1:${fan_ports[2]}; location / { return 204; } }" 1
nginx_conf proxy "
  upstream sink { server 127.0.0.1:$sink_port; keepalive 64; }
  upstream fan_a { server 127.0.0.1:${fan_ports[0]}; keepalive 64; }
  upstream fan_b { server 127.0.0.1:${fan_ports[1]}; keepalive 64; }
  upstream fan_c { server 127.0.0.1:${fan_ports[2]}; keepalive 64; }
  upstream ysink { server 127.0.0.1:$ysink_port; keepalive 64; }
  server { listen 127.0.0.1:$proxy_port; location / { proxy_pass http://sink; $keepalive_proxy } }
  server { listen 127.0.0.1:$mirror_port;
    location / { mirror /_b; mirror /_c; proxy_pass http://fan_a; $keepalive_proxy }
    location = /_b { internal; proxy_pass http://fan_b; $keepalive_proxy }
    location = /_c { internal; proxy_pass http://fan_c; $keepalive_proxy } }
  server { listen 127.0.0.1:$yproxy_port; location / { proxy_pass http://ysink; $keepalive_proxy } }" \
  "$workers"

nginx -c "$work/sink/nginx.conf" -p "$work/sink" & pids+=($!)
nginx -c "$work/proxy/nginx.conf" -p "$work/proxy" & pids+=($!)
"$binary" sink --listen "127.0.0.1:$ysink_port" --quiet --stop-with $$ --log-level warn &
pids+=($!)
for port in $sink_port "${fan_ports[@]}" $proxy_port $mirror_port; do wait_port "$port"; done
wait_port $ysink_port /_sink/stats
sleep 0.2
nginx_worker=$(pgrep -P "$(cat "$work/proxy/nginx.pid")" | head -n1)
[ -n "$nginx_worker" ] || fail "no nginx proxy worker"

# ---------------------------------------------------------------------------------------------
# Switchyard: one gateway, one trigger per measurement. batch: on an http trigger needs the
# dispatcher's batching; without it the gateway refuses the config, and (c)'s second half is
# skipped (said so in its output).

data_dir="$work/var"
mkdir -p "$data_dir"
gateway_config() {  # with_http_batching (1/0) → config on stdout
  # store.aws: memory, like nginx and the webhook path nothing is persisted; (c) measures the
  # default (sqlite: SendMessageBatch answered after its group commit) on a second gateway.
  cat <<CONF
server: { listen: 127.0.0.1:$gateway_port, admin: 127.0.0.1:$admin_port, shards: $workers }
store: { data_dir: $data_dir, aws: memory }
functions:
  sink: { endpoint: "http://127.0.0.1:$sink_port/", concurrency: 64, queue_limit: 50000 }
  a: { endpoint: "http://127.0.0.1:${fan_ports[0]}/", concurrency: 64, queue_limit: 50000 }
  b: { endpoint: "http://127.0.0.1:${fan_ports[1]}/", concurrency: 64, queue_limit: 50000 }
  c: { endpoint: "http://127.0.0.1:${fan_ports[2]}/", concurrency: 64, queue_limit: 50000 }
  ysink: { endpoint: "http://127.0.0.1:$ysink_port/", concurrency: 64, queue_limit: 50000 }
queues:
  orders: {}
triggers:
  forward: { source: { kind: http }, function: sink, format: raw }
  fanout: { source: { kind: http }, functions: [a, b, c], format: raw }
  single: { source: { kind: http }, function: ysink, format: raw }
  orders: { source: { kind: sqs, queue: orders }, function: ysink, batch: { size: 10 } }
CONF
  if [ "$1" = 1 ]; then
    echo "  batched: { source: { kind: http }, function: ysink, format: raw, batch: { size: 10, window: $window } }"
  fi
}
start_gateway() {  # with_http_batching → sets gateway_pid; returns 1 if it did not start
  gateway_config "$1" > "$work/switchyard.yaml"
  "$binary" run -c "$work/switchyard.yaml" --log-level warn 2> "$work/gateway.log" &
  gateway_pid=$!
  for _ in $(seq 1 100); do
    if ! kill -0 "$gateway_pid" 2>/dev/null; then
      wait "$gateway_pid" 2>/dev/null || true
      return 1
    fi
    curl -s -o /dev/null "http://127.0.0.1:$gateway_port/" && { pids+=("$gateway_pid"); return 0; }
    sleep 0.1
  done
  kill "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
  return 1
}
http_batching=1
if ! start_gateway 1; then
  http_batching=0
  start_gateway 0 || { cat "$work/gateway.log" >&2; fail "Switchyard did not start"; }
fi

# ---------------------------------------------------------------------------------------------
# Load and counting.

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = string.rep("x", 293)
wrk.headers["Content-Type"] = "application/octet-stream"
LUA
# SendMessageBatch, 10 messages of the same 293 bytes: bench/sqs_send_batch.lua (it reads the
# queue URL and the body size from the environment; wrk inherits it).
export BODY_BYTES=293

nginx_sink_count() {  # requests the nginx sink served (status requests included)
  curl -s "http://127.0.0.1:$sink_port/status" | awk '/^ *[0-9]+ +[0-9]+ +[0-9]+/ {print $3}'
}
ysink_count() {  # events the switchyard sink answered with success (control requests not counted)
  curl -s "http://127.0.0.1:$ysink_port/_sink/stats?series=0" | grep -o '"delivered":[0-9]*' | cut -d: -f2
}
status_requests_per_poll() { [ "$1" = nginx_sink_count ] && echo 1 || echo 0; }

# measure LABEL URL LUA COUNTER [CPU_PID] → one line; sets m_rate (events/s at the sink),
# m_cpu (µs of CPU of CPU_PID per event), m_events, m_non2xx.
measure() {
  local label="$1" url="$2" lua="$3" counter="$4" cpu_pid="${5:-}"
  local per_poll before start cpu_before=0 last now polls=0 settled_at unchanged=0 waited=0
  per_poll=$(status_requests_per_poll "$counter")
  if [ "$counter" = ysink_count ]; then  # its id table would grow with every run otherwise
    curl -s -X POST -o /dev/null "http://127.0.0.1:$ysink_port/_sink/reset"
  fi
  [ -n "$cpu_pid" ] && cpu_before=$(cpu_seconds "$cpu_pid")
  before=$($counter)
  start=$(date +%s.%N)
  local perf_pid="" perf_name
  perf_name=$(echo "$label" | tr ' ' '-')
  if [ -n "$perf_dir" ] && [ "$cpu_pid" = "${gateway_pid:-}" ] && [[ "$label" == "run 1 "* ]]; then
    perf record -e cpu-clock -F 499 --call-graph dwarf,8192 -p "$cpu_pid" -o "$perf_dir/$perf_name.data" \
      -- sleep "$duration" > /dev/null 2>&1 &
    perf_pid=$!
  fi
  wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$lua" "$url" > "$work/$label.wrk"
  # Until the sink stops receiving: the gateway may still be delivering its queue. A status poll
  # of the nginx sink is one request itself, so "stopped" means it grew by exactly that.
  last=$($counter); polls=1
  settled_at=$(date +%s.%N)
  while [ "$unchanged" -lt 2 ] && [ "$waited" -lt 300 ]; do
    sleep 0.2
    now=$($counter); polls=$((polls + 1)); waited=$((waited + 1))
    if [ $((now - last)) -le "$per_poll" ]; then
      unchanged=$((unchanged + 1))
    else
      unchanged=0
      settled_at=$(date +%s.%N)
    fi
    last=$now
  done
  if [ -n "$perf_pid" ]; then
    wait "$perf_pid" || true
    perf report -i "$perf_dir/$perf_name.data" --no-children --percent-limit 1.5 --stdio \
      -g none 2>/dev/null | grep -v '^#' | grep -v '^$' > "$perf_dir/$perf_name.txt" || true
  fi
  m_events=$((last - before - polls * per_poll))
  local seconds
  seconds=$(calc "$settled_at - $start")
  m_rate=$(calc "$m_events / $seconds")
  m_non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/$label.wrk"); m_non2xx=${m_non2xx:-0}
  local accepted cpu_text=""
  accepted=$(awk '/Requests\/sec/ {print $2}' "$work/$label.wrk")
  m_cpu=0
  if [ -n "$cpu_pid" ] && [ "$m_events" -gt 0 ]; then
    m_cpu=$(calc "($(cpu_seconds "$cpu_pid") - $cpu_before) * 1000000 / $m_events")
    cpu_text=$(printf '  CPU %5.1f µs/event' "$m_cpu")
  fi
  printf '    %-26s requests/s %9.0f  events at the sink %9d in %6.2f s = %9.0f/s%s%s\n' \
    "$label" "$accepted" "$m_events" "$seconds" "$m_rate" "$cpu_text" \
    "$([ "$m_non2xx" -gt 0 ] && echo "  ($m_non2xx refused)")"
}

declare -A seen_counters=()
rejections() {  # gateway counters worth a look that grew since the last call (the growth)
  local name value
  while read -r name value; do
    value=${value%.*}
    if [ "$value" != "${seen_counters[$name]:-0}" ]; then
      echo "    gateway: $name +$((value - ${seen_counters[$name]:-0}))"
      seen_counters[$name]=$value
    fi
  done < <(curl -s "http://127.0.0.1:$admin_port/metrics" |
    grep -E '^switchyard_(events_rejected_total|deliveries_(dead_lettered|failed)_total)' || true)
}

# side_by_side SECTION NAME_A URL_A LUA_A COUNTER_A PID_A NAME_B URL_B LUA_B COUNTER_B PID_B
# → runs both --runs times alternately; sets rates_a, rates_b, cpu_a, cpu_b (arrays).
side_by_side() {
  rates_a=(); rates_b=(); cpu_a=(); cpu_b=()
  local r
  for r in $(seq 1 "$runs"); do
    measure "run $r $2" "$3" "$4" "$5" "$6"; rates_a+=("$m_rate"); cpu_a+=("$m_cpu")
    measure "run $r $7" "$8" "$9" "${10}" "${11}"; rates_b+=("$m_rate"); cpu_b+=("$m_cpu")
  done
}
ratios() {  # rates_b / rates_a: sets ratio_median (median / median) and ratio_text
  local values=() i
  for i in "${!rates_a[@]}"; do values+=("$(calc "${rates_b[$i]} / ${rates_a[$i]}")"); done
  ratio_median=$(calc "$(median "${rates_b[@]}") / $(median "${rates_a[@]}")")
  ratio_text=$(printf '%.2f (per-run %.2f–%.2f)' "$ratio_median" "$(minimum "${values[@]}")" \
    "$(maximum "${values[@]}")")
}

echo "Switchyard $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo '+changes'), $(nginx -v 2>&1 | cut -d/ -f2), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "wrk -t$threads -c$connections -d${duration}s, 293-byte bodies, $workers nginx worker(s) / Switchyard shard(s), $runs runs per figure"
gateway_url="http://127.0.0.1:$gateway_port"

# ---------------------------------------------------------------------------------------------
if wants a || wants d; then
  echo
  echo "(a) 1:1 forward: events/s at the nginx sink"
  load_line
  side_by_side a nginx "http://127.0.0.1:$proxy_port/" "$work/post.lua" nginx_sink_count \
    "$nginx_worker" switchyard "$gateway_url/events/forward" "$work/post.lua" nginx_sink_count \
    "$gateway_pid"
  forward_max=$(median "${rates_b[@]}")
  echo "  nginx proxy_pass   $(summary "${rates_a[@]}") events/s, CPU $(printf '%.1f' "$(median "${cpu_a[@]}")") µs/event"
  echo "  Switchyard         $(summary "${rates_b[@]}") events/s, CPU $(printf '%.1f' "$(median "${cpu_b[@]}")") µs/event"
  ratios
  echo "  ratio Switchyard / nginx: $ratio_text   goal ≥ 1.0: $(goal "$ratio_median" 1.0 ≥)"
  summary_lines+=("(a) 1:1 forward           $(printf '%.2f' "$ratio_median")   goal ≥ 1.0   $(goal "$ratio_median" 1.0 ≥)")
  rejections
fi

# ---------------------------------------------------------------------------------------------
if wants b; then
  echo
  echo "(b) 1:3 fan-out: deliveries/s at the 3 nginx sinks (204, no body); events/s = deliveries / 3"
  load_line
  side_by_side b nginx-mirror "http://127.0.0.1:$mirror_port/" "$work/post.lua" nginx_sink_count \
    "$nginx_worker" switchyard-fanout "$gateway_url/events/fanout" "$work/post.lua" \
    nginx_sink_count "$gateway_pid"
  echo "  nginx mirror ×2 + proxy_pass  deliveries $(summary "${rates_a[@]}")/s = $(fmt "$(calc "$(median "${rates_a[@]}") / 3")") events/s"
  echo "  Switchyard [a, b, c]          deliveries $(summary "${rates_b[@]}")/s = $(fmt "$(calc "$(median "${rates_b[@]}") / 3")") events/s"
  echo "  CPU per delivery: nginx $(printf '%.1f' "$(median "${cpu_a[@]}")") µs, Switchyard $(printf '%.1f' "$(median "${cpu_b[@]}")") µs"
  ratios
  echo "  ratio Switchyard / nginx: $ratio_text   goal ≥ 1.0: $(goal "$ratio_median" 1.0 ≥)"
  summary_lines+=("(b) 1:3 fan-out           $(printf '%.2f' "$ratio_median")   goal ≥ 1.0   $(goal "$ratio_median" 1.0 ≥)")
  rejections
fi

# ---------------------------------------------------------------------------------------------
if wants c; then
  echo
  echo "(c) batching: events/s at the switchyard sink, against nginx proxy_pass → the same sink"
  load_line
  export QUEUE_URL="$gateway_url/000000000000/orders"
  side_by_side c nginx "http://127.0.0.1:$yproxy_port/" "$work/post.lua" ysink_count \
    "$nginx_worker" sqs-batch-10 "$gateway_url/" "$root/bench/sqs_send_batch.lua" ysink_count \
    "$gateway_pid"
  nginx_c=("${rates_a[@]}")
  echo "  nginx proxy_pass                  $(summary "${rates_a[@]}") events/s, CPU $(printf '%.1f' "$(median "${cpu_a[@]}")") µs/event"
  echo "  SQS SendMessageBatch ×10, batch 10 $(summary "${rates_b[@]}") events/s, CPU $(printf '%.1f' "$(median "${cpu_b[@]}")") µs/event (store.aws: memory)"
  ratios
  echo "  ratio batching both sides / nginx: $ratio_text   goal ≥ 5.0: $(goal "$ratio_median" 5.0 ≥)"
  summary_lines+=("(c) 10 in, batch 10 out   $(printf '%.2f' "$ratio_median")   goal ≥ 5.0   $(goal "$ratio_median" 5.0 ≥)")
  rejections
  # The same with the default store.aws: sqlite (each SendMessageBatch answered after the group
  # commit that holds it: WAL, synchronous=FULL), on a second gateway with only the SQS trigger.
  mkdir -p "$work/var-durable"
  cat > "$work/durable.yaml" <<CONF
server: { listen: 127.0.0.1:$durable_port, admin: 127.0.0.1:$durable_admin_port, shards: $workers }
store: { data_dir: $work/var-durable, aws: sqlite }
functions:
  ysink: { endpoint: "http://127.0.0.1:$ysink_port/", concurrency: 64, queue_limit: 50000 }
queues:
  orders: {}
triggers:
  orders: { source: { kind: sqs, queue: orders }, function: ysink, batch: { size: 10 } }
CONF
  "$binary" run -c "$work/durable.yaml" --log-level warn 2> "$work/durable.log" &
  durable_pid=$!; pids+=("$durable_pid")
  wait_port $durable_port
  export QUEUE_URL="http://127.0.0.1:$durable_port/000000000000/orders"
  rates_b=(); cpu_b=()
  for r in $(seq 1 "$runs"); do
    measure "run $r sqs-batch-10-sqlite" "http://127.0.0.1:$durable_port/" \
      "$root/bench/sqs_send_batch.lua" ysink_count "$durable_pid"
    rates_b+=("$m_rate"); cpu_b+=("$m_cpu")
  done
  kill "$durable_pid"; wait "$durable_pid" 2>/dev/null || true; forget_pid "$durable_pid"
  rates_a=("${nginx_c[@]}")
  echo "  the same, store.aws: sqlite       $(summary "${rates_b[@]}") events/s, CPU $(printf '%.1f' "$(median "${cpu_b[@]}")") µs/event"
  ratios
  echo "  ratio batching both sides (durable SQS) / nginx: $ratio_text   goal ≥ 5.0: $(goal "$ratio_median" 5.0 ≥)"
  summary_lines+=("(c) same, store.aws sqlite $(printf '%.2f' "$ratio_median")   goal ≥ 5.0   $(goal "$ratio_median" 5.0 ≥)")
  if [ "$http_batching" = 1 ]; then
    rates_b=(); cpu_b=()
    for r in $(seq 1 "$runs"); do
      measure "run $r webhook-batch-10" "$gateway_url/events/batched" "$work/post.lua" \
        ysink_count "$gateway_pid"
      rates_b+=("$m_rate"); cpu_b+=("$m_cpu")
    done
    rates_a=("${nginx_c[@]}")
    echo "  webhook ×1, batch { size: 10, window: $window } $(summary "${rates_b[@]}") events/s, CPU $(printf '%.1f' "$(median "${cpu_b[@]}")") µs/event"
    ratios
    echo "  ratio single ingest, batch-10 delivery / nginx: $ratio_text   goal ≥ 1.6: $(goal "$ratio_median" 1.6 ≥)"
    summary_lines+=("(c) 1 in, batch 10 out    $(printf '%.2f' "$ratio_median")   goal ≥ 1.6   $(goal "$ratio_median" 1.6 ≥)")
    rejections
  else
    echo "  webhook ×1 with batch-10 delivery: SKIPPED — this build refuses batch: on an http trigger"
    summary_lines+=("(c) 1 in, batch 10 out    n/a    goal ≥ 1.6   not measured (no http batching)")
  fi
fi

# ---------------------------------------------------------------------------------------------
json_number() {  # file, object key, field → number (from bench's one-line JSON report)
  grep -o "\"$2\":{[^}]*}" "$1" | grep -o "\"$3\":[0-9.]*" | head -n1 | cut -d: -f2
}
if wants d; then
  rate=$(printf '%.0f' "$(calc "$forward_max / 2")")
  echo
  echo "(d) p99 added latency at half of (a)'s Switchyard maximum: open loop at $rate events/s, ${duration}s, 1 s warmup"
  load_line
  e2e=(); ingest=(); via_nginx=(); direct=(); added=()
  for r in $(seq 1 "$runs"); do
    bench=("$binary" bench --rate "$rate/s" --duration "${duration}s" --warmup 1s --json --quiet)
    "${bench[@]}" --url "$gateway_url/events/single" --sink "http://127.0.0.1:$ysink_port" \
      > "$work/d-switchyard.json" || true
    "${bench[@]}" --url "http://127.0.0.1:$yproxy_port/" > "$work/d-nginx.json" || true
    "${bench[@]}" --url "http://127.0.0.1:$ysink_port/" > "$work/d-direct.json" || true
    e2e+=("$(json_number "$work/d-switchyard.json" end_to_end_us p99)")
    ingest+=("$(json_number "$work/d-switchyard.json" latency_us p99)")
    via_nginx+=("$(json_number "$work/d-nginx.json" latency_us p99)")
    direct+=("$(json_number "$work/d-direct.json" latency_us p99)")
    added+=("$(calc "${via_nginx[-1]} - ${direct[-1]}")")
    missing=$(grep -o '"missing":[0-9]*' "$work/d-switchyard.json" | cut -d: -f2)
    printf '    run %d  Switchyard end-to-end p99 %6s µs (ingest answer p99 %6s µs, missing %s)   nginx request p99 %6s µs, sink alone %6s µs → nginx adds %6s µs\n' \
      "$r" "${e2e[-1]}" "${ingest[-1]}" "${missing:-?}" "${via_nginx[-1]}" "${direct[-1]}" "${added[-1]}"
  done
  echo "  Switchyard end-to-end p99 (accepted → function called): $(summary "${e2e[@]}") µs   goal ≤ 1000 µs: $(goal "$(median "${e2e[@]}")" 1000 ≤)"
  echo "  Switchyard ingest answer p99: $(summary "${ingest[@]}") µs"
  echo "  nginx added p99 (through nginx − straight to the sink): $(summary "${added[@]}") µs"
  summary_lines+=("(d) p99 added latency     $(fmt "$(median "${e2e[@]}")") µs   goal ≤ 1 ms   $(goal "$(median "${e2e[@]}")" 1000 ≤) (nginx adds $(fmt "$(median "${added[@]}")") µs)")
fi

# ---------------------------------------------------------------------------------------------
if wants e; then
  echo
  echo "(e) memory: RSS per queued 300-byte event (function never answers, concurrency 1, 1 shard)"
  load_line
  "$binary" sink --listen "127.0.0.1:$hold_port" --timeout-rate 1 --quiet --stop-with $$ \
    --log-level warn &
  hold_pid=$!; pids+=("$hold_pid")
  wait_port $hold_port /_sink/stats
  # dlq: none, because stopping a gateway with a million queued events would dead-letter each of
  # them; these gateways are stopped with SIGKILL instead (they hold nothing worth keeping).
  memory_config() {  # memory_budget → config on stdout
    cat <<CONF
server: { listen: 127.0.0.1:$mem_port, admin: 127.0.0.1:$mem_admin_port, shards: 1, memory_budget: $1 }
store: { data_dir: $data_dir, dlq: none, aws: memory }
functions:
  held_raw: { endpoint: "http://127.0.0.1:$hold_port/", concurrency: 1, timeout: 15m, queue_limit: 2000000 }
  held_aws: { endpoint: "http://127.0.0.1:$hold_port/", concurrency: 1, timeout: 15m, queue_limit: 2000000 }
  bounded: { endpoint: "http://127.0.0.1:$hold_port/", concurrency: 1, timeout: 15m }
triggers:
  raw: { source: { kind: http }, function: held_raw, format: raw }
  aws: { source: { kind: http }, function: held_aws }
  bounded: { source: { kind: http }, function: bounded, format: raw }
CONF
  }
  start_memory_gateway() {  # memory_budget → sets mem_pid
    memory_config "$1" > "$work/memory.yaml"
    "$binary" run -c "$work/memory.yaml" --log-level error 2> "$work/memory.log" &
    mem_pid=$!; pids+=("$mem_pid")
    wait_port $mem_port
  }
  stop_memory_gateway() {
    kill -9 "$mem_pid"; wait "$mem_pid" 2>/dev/null || true; forget_pid "$mem_pid"
  }
  # A fixed 300-byte JSON body.
  body="{\"pad\":\"$(printf '%*s' 290 '' | tr ' ' 'x')\"}"
  queue() {  # trigger, count → sends them (closed loop, 32 connections); prints bench's summary
    "$binary" bench --url "http://127.0.0.1:$mem_port/events/$1" --count "$2" --body "$body" \
      --connections 32 --quiet --json > "$work/mem-$1.json" || true
    local kinds
    kinds=$(grep -o '"errors_by_kind":{[^}]*}' "$work/mem-$1.json" | cut -d: -f2-)
    echo "accepted $(grep -o '"accepted":[0-9]*' "$work/mem-$1.json" | head -n1 | cut -d: -f2)," \
      "refused $(grep -o '"rejected":[0-9]*' "$work/mem-$1.json" | head -n1 | cut -d: -f2)" \
      "$([ "$kinds" != "{}" ] && echo "$kinds")"
  }
  metric() {  # name of an unlabelled sample, or a full sample name with labels
    curl -s "http://127.0.0.1:$mem_admin_port/metrics" | awk -v f="$1" '$1 == f {print $2}'
  }
  queued_gauge() { metric "switchyard_deliveries_queued{function=\"$1\"}"; }
  mib() { printf '%.1f MiB' "$(calc "$1 / 1048576")"; }

  # 1. Growth per queued event, under the default budget (1 GiB: 100k events fit).
  start_memory_gateway 1GiB
  queue raw 1000 > /dev/null  # warm: pools, buffers, the first chunks of the allocator
  queue aws 1000 > /dev/null
  sleep 0.5
  for trigger in raw aws; do
    rss_before=$(rss_kib "$mem_pid")
    charged_before=$(metric switchyard_queued_bytes)
    result=$(queue "$trigger" "$queued")
    sleep 0.5
    rss_after=$(rss_kib "$mem_pid")
    per_event=$(printf '%.0f' "$(calc "($rss_after - $rss_before) * 1024 / $queued")")  # whole bytes
    charged=$(calc "($(metric switchyard_queued_bytes) - $charged_before) / $queued")
    printf '  format %-4s %s queued (%s): RSS %s → %s KiB = %.0f bytes per queued event (budget charged %.0f)   goal ≤ 1024: %s\n' \
      "$trigger" "$(fmt "$queued")" "$result" "$(fmt "$rss_before")" "$(fmt "$rss_after")" \
      "$per_event" "$charged" "$(goal "$per_event" 1024 ≤)"
    summary_lines+=("(e) RSS/queued event, $trigger  $(printf '%.0f' "$per_event") B   goal ≤ 1 KiB  $(goal "$per_event" 1024 ≤)")
  done
  result=$(queue bounded 20000)
  echo "  queue_limit (a count per function; default 10,000), 20,000 sent: $result; queued gauge bounded=$(queued_gauge bounded)"
  stop_memory_gateway

  # 2. A million events against a budget they do not fit in: the gateway pushes back (429) and
  # RSS stays under the budget. Default format (aws: the webhook's request attributes are kept
  # with each event, the larger of the two).
  budget_mib=256
  start_memory_gateway "${budget_mib}MiB"
  queue aws 1000 > /dev/null
  rss_start=$(rss_kib "$mem_pid")
  result=$(queue aws "$fill")
  sleep 0.5
  rss_end=$(rss_kib "$mem_pid"); hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$mem_pid/status")
  budget_bytes=$(metric switchyard_memory_budget_bytes)
  used=$(metric switchyard_queued_bytes)
  growth=$(calc "($hwm - $rss_start) * 1024")
  echo "  memory_budget ${budget_mib}MiB, $(fmt "$fill") sent: $result"
  echo "    queued gauge held_aws=$(fmt "$(queued_gauge held_aws)"), budget charged $(mib "$used") of $(mib "$budget_bytes")"
  echo "    RSS $(fmt "$rss_start") KiB idle → $(fmt "$rss_end") KiB, peak (VmHWM) $(mib "$(calc "$hwm * 1024")"): the queued events took $(mib "$growth") = $(printf '%.1f' "$(calc "100 * $growth / $budget_bytes")")% of the budget   goal ≤ budget: $(goal "$growth" "$budget_bytes" ≤)"
  summary_lines+=("(e) 1M events, budget ${budget_mib}MiB  queued $(mib "$growth") (peak RSS $(mib "$(calc "$hwm * 1024")"))   goal ≤ budget  $(goal "$growth" "$budget_bytes" ≤)")
  stop_memory_gateway
fi

echo
echo "Summary (ratios: Switchyard / nginx, medians of $runs runs; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
for line in "${summary_lines[@]}"; do echo "  $line"; done
