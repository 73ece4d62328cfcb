# Shared by the bench/ load scripts (sourced, not run). Before sourcing, a script sets `script`
# (its name, for messages). Gives it a scratch directory `work` and a `pids` list that is stopped by
# PID and removed on exit, and the helpers every measurement needs.

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "$script: $*" >&2; exit 1; }
need_tools() {  # tool… → fails naming the first one missing
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail "needs $tool (scripts/setup.sh --bench installs it)"
  done
}
forget_pid() {  # pid → drops it from the cleanup list (it was stopped already)
  local kept=() pid
  for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  pids=("${kept[@]}")
}

calc() { echo "$1" | bc -l; }
cpu_seconds() {  # pid → user+system CPU seconds so far (all threads)
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"
}
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
wait_port() {  # port [path] → waits until it answers HTTP, or fails setup
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$1${2:-/}" && return 0
    sleep 0.1
  done
  fail "nothing answers on 127.0.0.1:$1"
}

# nginx with its config and temp files under $work/NAME; access logging off and keep-alive
# connections reused without limit, so the baseline is nginx at its best.
nginx_conf() {  # name, body of http{}, workers
  mkdir -p "$work/$1"
  cat > "$work/$1/nginx.conf" <<CONF
worker_processes $3;
daemon off;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $work/$1/body;
  proxy_temp_path $work/$1/proxy;
  fastcgi_temp_path $work/$1/fastcgi;
  uwsgi_temp_path $work/$1/uwsgi;
  scgi_temp_path $work/$1/scgi;
  keepalive_requests 1000000;
  client_body_buffer_size 64k;
  $2
}
CONF
}
