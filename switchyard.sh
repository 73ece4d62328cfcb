#!/usr/bin/env bash
# Install what is missing, build, and run Switchyard.
#
#   ./switchyard.sh run             the gateway on config/switchyard.yaml, with its example
#                                   function (`switchyard sink` on 127.0.0.1:9000) beside it
#   ./switchyard.sh run -c FILE     the gateway on your config (no example function)
#   ./switchyard.sh lambda          Lambda handlers run unchanged: config/lambda.yaml (installs the
#                                   example's npm packages first)
#   ./switchyard.sh <command> ...   any switchyard command (validate, sink, version, --help)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$root/scripts/setup.sh"
binary="$root/build/switchyard"

if [ "${1:-}" = "run" ] && [ $# -eq 1 ]; then
  # The example config delivers to 127.0.0.1:9000: start the example function there first. The
  # gateway then replaces this shell (same PID), so Ctrl-C and kill reach it directly, and the
  # sink stops by itself when that PID is gone.
  "$binary" sink --listen 127.0.0.1:9000 --stop-with $$ &
  exec "$binary" run -c "$root/config/switchyard.yaml"
fi
if [ "${1:-}" = "lambda" ] && [ $# -eq 1 ]; then
  "$root/scripts/setup.sh" --lambda-example
  exec "$binary" run -c "$root/config/lambda.yaml"
fi
exec "$binary" "$@"
