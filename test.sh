#!/usr/bin/env bash
# Install what is missing, build, and run every test:
#   1. RelWithDebInfo build, all ctest suites
#   2. Debug + ASan/UBSan build, all suites
#   3. TSan build, the dispatcher and core suites (the lock-free inbox and loop hand-offs)
#
#   ./test.sh           everything (what CI runs)
#   ./test.sh --quick   step 1 only
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
quick=0
[ "${1:-}" = "--quick" ] && quick=1
jobs="$(nproc 2>/dev/null || echo 2)"

run_suites() {  # build dir, ctest args...
  local dir="$1"
  shift
  (cd "$dir" && ctest --output-on-failure --timeout 300 -j "$jobs" "$@")
}

echo "== build and test (RelWithDebInfo)"
"$root/scripts/setup.sh" --test
run_suites "$root/build"

if [ "$quick" = 1 ]; then
  exit 0
fi

echo "== ASan + UBSan (Debug)"
"$root/scripts/setup.sh" --test --build-dir "$root/build-asan" -- \
  -DCMAKE_BUILD_TYPE=Debug -DSWITCHYARD_SANITIZE=address,undefined -DSWITCHYARD_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_suites "$root/build-asan"

echo "== TSan (dispatcher and core)"
tsan_targets=()
for target in core_test dispatcher_test invokers_test dlq_test router_test; do
  tsan_targets+=(--target "$target")
done
"$root/scripts/setup.sh" --test --build-dir "$root/build-tsan" "${tsan_targets[@]}" -- \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWITCHYARD_SANITIZE=thread -DSWITCHYARD_BENCH=OFF
TSAN_OPTIONS=halt_on_error=1 run_suites "$root/build-tsan" -L 'dispatcher|core'

echo "== all tests passed"
