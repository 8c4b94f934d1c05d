#!/usr/bin/env bash
# README command 1: install what is missing, build the playground (release)
# and serve it on localhost. Ctrl-C stops it. PORT=… picks another port.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_build_tools
build_release
port="${PORT:-8080}"
echo
echo "Kafka Playground: http://127.0.0.1:$port/"
echo "(Ctrl-C to stop)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$ROOT/dist"
