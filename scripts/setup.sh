#!/usr/bin/env bash
# Installs what Switchyard needs from Debian 12 packages (only what is missing), then configures
# and builds. Safe to run again: installed packages and an up-to-date build are skipped.
#
#   scripts/setup.sh [--test] [--bench] [--lambda-example] [--build-dir DIR] [--target T]...
#                    [-- cmake args]
#     --test            also install what the tests need
#     --bench           also install what bench/baseline.sh and profiling need (not the tests)
#     --lambda-example  also install config/functions/node-hello's npm packages
#     --target T        build only these targets (default: all)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build"
with_tests=0
with_bench=0
with_lambda_example=0
cmake_args=()
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --test) with_tests=1 ;;
    --bench) with_bench=1 ;;
    --lambda-example) with_lambda_example=1 ;;
    --build-dir) build_dir="$2"; shift ;;
    --target) targets+=(--target "$2"); shift ;;
    --) shift; cmake_args=("$@"); break ;;
    *) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

build_packages=(
  g++ cmake make pkg-config
  libuv1-dev libhttp-parser-dev libsimdjson-dev libyaml-cpp-dev libcurl4-openssl-dev libssl-dev
  libsqlite3-dev libgtest-dev libgmock-dev libbenchmark-dev libconcurrentqueue-dev
  libnghttp2-dev
)
# Tests drive real clients: npm packages (aws-lambda-ric builds its native part with the
# autotools, cmake and python3 on install); headless Chromium renders bench's HTML report.
# libnode-dev: Node's headers, so node-gyp builds aws-lambda-ric's addon offline instead of
# downloading headers from nodejs.org (see npm_install).
test_packages=(curl nodejs npm libnode-dev autoconf automake libtool python3 chromium)
# bench/baseline.sh and forward.sh: the load generator, nginx as the baseline, and perf to profile.
bench_packages=(wrk nginx-light curl bc linux-perf)

wanted=("${build_packages[@]}")
if [ "$with_tests" = 1 ] || [ "$with_lambda_example" = 1 ]; then
  wanted+=("${test_packages[@]}")
fi
if [ "$with_bench" = 1 ]; then
  wanted+=("${bench_packages[@]}")
fi
missing=()
for package in "${wanted[@]}"; do
  # node and npm may come from elsewhere (NodeSource's nodejs bundles npm and conflicts with
  # Debian's npm package): a working command is enough.
  if { [ "$package" = nodejs ] && command -v node >/dev/null; } ||
     { [ "$package" = npm ] && command -v npm >/dev/null; } ||
     { [ "$package" = libnode-dev ] && [ -f /usr/include/node/node.h ]; }; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages pinned by a package-lock.json; reinstalled when the lock file changes.
npm_install() {  # directory
  local stamp="$1/node_modules/.switchyard-lock"
  if ! cmp -s "$1/package-lock.json" "$stamp" 2>/dev/null; then
    echo "setup: installing npm packages in ${1#"$root"/}"
    # Build native addons against the installed Node's headers when they are there (Debian's
    # libnode-dev, NodeSource's nodejs): no download, and the headers match the runtime.
    local nodedir=()
    if [ -f /usr/include/node/node.h ]; then
      nodedir=(env npm_config_nodedir=/usr)
    fi
    (cd "$1" && "${nodedir[@]}" npm ci --no-audit --no-fund --loglevel=error)
    cp "$1/package-lock.json" "$stamp"
  fi
}
if [ "$with_tests" = 1 ]; then
  npm_install "$root/tests/npm"  # the independent clients the tests drive
fi
if [ "$with_lambda_example" = 1 ]; then
  npm_install "$root/config/functions/node-hello"
fi

jobs="$(nproc 2>/dev/null || echo 2)"
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${cmake_args[@]}"
elif [ ${#cmake_args[@]} -gt 0 ]; then
  cmake "$build_dir" "${cmake_args[@]}"
fi
cmake --build "$build_dir" -j "$jobs" "${targets[@]}"
