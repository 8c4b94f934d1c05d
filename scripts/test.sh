#!/usr/bin/env bash
# README command 2: install what the tests need, then run every check:
# rustfmt, clippy (host + wasm32), native tests, wasm tests in headless
# Chromium, a release build, and Playwright end-to-end tests against dist/.
# Every step runs even if an earlier one failed; the last line is the
# summary `N passed, M failed` (tests counted one by one, other checks as one).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

PASSED=0
FAILED=0
FAILED_STEPS=()
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"; [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null' EXIT

step_start() { STEP_T0=$(date +%s); log "$1"; }
step_time() { printf '    (%ds)\n' $(($(date +%s) - STEP_T0)) >&2; }

# A check that is not a test runner: one pass or one fail.
check() {
  local name="$1"; shift
  step_start "$name"
  if "$@" >"$OUT/step.log" 2>&1; then
    PASSED=$((PASSED + 1))
  else
    FAILED=$((FAILED + 1)); FAILED_STEPS+=("$name")
    tail -n 60 "$OUT/step.log" >&2
  fi
  step_time
}

# Sums libtest-style `test result: … N passed; M failed` lines.
count_libtest() {
  local log="$1" p f
  p=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
  echo "$p $f"
}

# A test runner step: counts its tests; a non-zero exit with no failed test
# counted (a compile error, a crash) still counts as one failure.
run_tests() {
  local name="$1" counter="$2"; shift 2
  step_start "$name"
  "$@" >"$OUT/step.log" 2>&1
  local rc=$? p f
  read -r p f < <("$counter" "$OUT/step.log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
    FAILED_STEPS+=("$name"); tail -n 80 "$OUT/step.log" >&2
  fi
  printf '    %s passed, %s failed' "$p" "$f" >&2; step_time
}

count_node() {
  local p f
  p=$(grep -E '^# pass ' "$1" | awk '{s+=$3} END {print s+0}')
  f=$(grep -E '^# fail ' "$1" | awk '{s+=$3} END {print s+0}')
  echo "$p $f"
}

e2e() {
  local port url
  port=$(free_port)
  SERVER_PID=$(serve_dist "$port")
  url="http://127.0.0.1:$port/"
  wait_for_http "$url" || { echo "dist/ server did not start on $url"; return 1; }
  BASE_URL="$url" node --test --test-reporter=tap tests/e2e/
}

setup() {
  ensure_build_tools && ensure_chromium
}

check "install tools (idempotent)" setup
check "cargo fmt --check" cargo fmt --all -- --check
check "cargo clippy (host)" cargo clippy --all-targets --quiet -- -D warnings
check "cargo clippy (wasm32)" cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
run_tests "cargo test (native)" count_libtest cargo test --quiet
run_tests "wasm-bindgen-test (headless Chromium)" count_libtest \
  env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER="$(command -v chromedriver)" \
  cargo test --target wasm32-unknown-unknown --test browser
step_start "trunk build --release"
if build_release >"$OUT/build.log" 2>&1; then
  PASSED=$((PASSED + 1)); grep -E 'bundle size|gzip' "$OUT/build.log" >&2
else
  FAILED=$((FAILED + 1)); FAILED_STEPS+=("trunk build --release"); tail -n 60 "$OUT/build.log" >&2
fi
step_time
run_tests "Playwright end-to-end (dist/)" count_node e2e

echo
[ "${#FAILED_STEPS[@]}" -gt 0 ] && printf 'failed steps: %s\n' "${FAILED_STEPS[*]}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
