#!/usr/bin/env bash
# Performance figures (numbers printed, nothing asserted): the engine
# benchmark, the time-travel seek benchmark, the bundle size, and the page's
# frame time / first render / seek in headless Chromium.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_build_tools
ensure_chromium
log "engine: kafka-sim bench"
cargo run -q --profile bench-native --bin kafka-sim -- bench
log "time travel: kafka-sim bench-seek"
cargo run -q --profile bench-native --bin kafka-sim -- bench-seek
log "bundle"
build_release
port=8091
SERVER_PID=$(serve_dist "$port")
trap 'kill "$SERVER_PID" 2>/dev/null' EXIT
wait_for_http "http://127.0.0.1:$port/"
log "page (headless Chromium)"
BASE_URL="http://127.0.0.1:$port/" node scripts/bench-page.mjs
