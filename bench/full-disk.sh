#!/usr/bin/env bash
# A node whose disk fills up, then gets its space back: what it answers, what it logs, whether it recovers by itself.
# Runs as root (it mounts a 64 MB tmpfs for the data folder). Usage: bench/full-disk.sh [port] (default 7101).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${1:-7101}"
[ -f target/outcry.jar ] || ./mvnw -q -o -DskipTests package
WORK="$(mktemp -d "${TMPDIR:-/tmp}/outcry-disk.XXXXXX")"
DISK="$WORK/disk"
mkdir -p "$DISK"
mount -t tmpfs -o size=64m tmpfs "$DISK"
cp target/outcry.jar "$WORK/outcry.jar" # beside the small disk: a build meanwhile replaces target/outcry.jar
OUTCRY_PORT="$PORT" OUTCRY_DATA_DIR="$DISK" OUTCRY_REPORTER_LIMIT=0 OUTCRY_SUBNET_LIMIT=0 OUTCRY_CHALLENGE=false \
  OUTCRY_OFFICIAL_STATUS=false "$JAVA" -Xmx512m -jar "$WORK/outcry.jar" serve > "$WORK/node.log" 2>&1 &
NODE=$!
trap 'kill "$NODE" 2>/dev/null; wait "$NODE" 2>/dev/null || true; umount "$DISK"; rm -rf "$WORK"' EXIT
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
report() { code -X POST -H 'Content-Type: application/json' -d '{"service":"chatgpt"}' \
  -A "ua-$RANDOM-$RANDOM" "http://127.0.0.1:$PORT/api/v1/reports"; }
answers() { # name: reports ×20, then status, health, ready
  local r=""; for _ in $(seq 20); do r="$r $(report)"; done
  echo "$1: reports$(echo "$r" | tr ' ' '\n' | sort | uniq -c | awk '{printf " %s×%s", $2, $1}');" \
    "status $(code "http://127.0.0.1:$PORT/api/v1/status"), health $(code "http://127.0.0.1:$PORT/health")," \
    "ready $(code "http://127.0.0.1:$PORT/ready"); log $(wc -c < "$WORK/node.log") bytes;" \
    "data folder: $(ls "$DISK" | tr '\n' ' ')"
}
until [ "$(code "http://127.0.0.1:$PORT/ready")" = 200 ]; do kill -0 "$NODE"; sleep 0.5; done
answers "before"
dd if=/dev/zero of="$DISK/filler" bs=1M 2>/dev/null || true
answers "disk full"
sleep 30
answers "disk full, 30 s on"
rm "$DISK/filler"
sleep 2
answers "space back, 2 s on"
sleep 10
answers "space back, 12 s on"
echo "ERROR lines in the node's log: $(grep -c ' ERROR ' "$WORK/node.log" || true)"
grep -E ' (ERROR|WARN) ' "$WORK/node.log" | cut -c1-220 | sort | uniq -c | sort -rn | head -8
