#!/usr/bin/env bash
# Replays what the open web can send against one node started here (the Docker heap, 768 MB), and prints per attack the
# longest /health answer while it ran, the heap used after it (after a GC) and the CPU seconds the node spent on it.
# Usage: bench/attacks.sh [port]   (default 7101); writes bench/results/attacks.md. Needs python3 (standard library).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${1:-7101}"
[ -f target/outcry.jar ] || ./mvnw -q -o -DskipTests package
DATA="$(mktemp -d /tmp/outcry-attacks.XXXXXX)"
mkdir -p bench/results
OUTCRY_PORT="$PORT" OUTCRY_DATA_DIR="$DATA" OUTCRY_TRUSTED_PROXIES=127.0.0.1 \
  "$JAVA" -Xmx768m -XX:+UseG1GC -jar target/outcry.jar serve > "$DATA/node.log" 2>&1 &
NODE=$!
trap 'kill "$NODE" 2>/dev/null; wait "$NODE" 2>/dev/null || true' EXIT
python3 bench/attacks.py "$PORT" "$NODE" "${JAVA_HOME:+$JAVA_HOME/bin/}jcmd" | tee bench/results/attacks.md
echo "node log: $DATA/node.log ($(grep -c ' ERROR ' "$DATA/node.log" || true) ERROR lines)"
