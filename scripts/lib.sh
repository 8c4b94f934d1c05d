# Shared by scripts/*.sh: tool versions and idempotent installs.
# Everything comes from crates.io, npm or Debian — never from GitHub.
# Each install step checks first, so a warm machine prints nothing here.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130 # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

log() { printf '==> %s\n' "$*" >&2; }

# Building the tools without fat LTO halves trunk's 16-minute cold install.
cargo_install() {
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --quiet "$@"
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown && return
  log "installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

ensure_trunk() {
  [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ] && return
  log "installing trunk $TRUNK_VERSION from crates.io (about 9 minutes on 2 cores, once)"
  cargo_install --locked "trunk@$TRUNK_VERSION"
}

ensure_wasm_bindgen() {
  [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] &&
    command -v wasm-bindgen-test-runner >/dev/null && return
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 5 minutes, once)"
  # Not --locked: its lockfile names a webpki-roots version missing from the index.
  cargo_install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
}

# wasm-opt comes from npm's binaryen (Debian's is too old for Rust 1.95's
# output); terser minifies the JS glue; playwright-core drives Debian's
# Chromium without downloading one.
ensure_npm_packages() {
  if [ -d "$ROOT/node_modules/playwright-core" ] && [ -x "$ROOT/node_modules/.bin/wasm-opt" ] &&
    [ -d "$ROOT/node_modules/terser" ] &&
    [ "$ROOT/node_modules/.package-lock.json" -nt "$ROOT/package-lock.json" ]; then
    return
  fi
  log "installing npm packages (package-lock.json)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
}

# Chromium plus a Korean font (Debian's has none, so 한국어 would render as
# boxes in screenshots; learners' own machines bring their fonts).
ensure_chromium() {
  command -v chromium >/dev/null && command -v chromedriver >/dev/null &&
    dpkg -s fonts-nanum >/dev/null 2>&1 && return
  log "installing Debian chromium + chromium-driver + fonts-nanum"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-nanum >/dev/null
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_npm_packages
  ensure_trunk
  ensure_wasm_bindgen
  (cd "$ROOT" && cargo fetch --quiet)
}

# Release build into dist/, then the gzip size of what a browser downloads.
build_release() {
  (cd "$ROOT" && trunk build --release --offline) || return 1
  report_bundle_size
}

report_bundle_size() {
  local total=0 f raw gz
  for f in "$ROOT"/dist/*.wasm "$ROOT"/dist/*.js "$ROOT"/dist/*.css; do
    [ -f "$f" ] || continue
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    total=$((total + gz))
    printf '    %-40s %8d bytes, %7d gzip\n' "$(basename "$f")" "$raw" "$gz" >&2
  done
  printf 'bundle size (wasm + js + css, gzip -9): %d bytes (%d KB)\n' "$total" $((total / 1024)) >&2
}

# Serves dist/ on 127.0.0.1:$1 in the background; prints the server's pid.
serve_dist() {
  python3 -m http.server "$1" --bind 127.0.0.1 --directory "$ROOT/dist" >/dev/null 2>&1 &
  echo $!
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_for_http() {
  local i
  for i in $(seq 1 50); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
