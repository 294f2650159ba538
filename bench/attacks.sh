#!/usr/bin/env bash
# Replays what the open web can send against one node started here (the Docker heap, 768 MB), and prints per attack the
# longest /health answer while it ran, the heap used after it (after a GC) and the CPU seconds the node spent on it.
# Usage: bench/attacks.sh [port] [--demo]   (default 7101); writes bench/results/attacks.md (attacks-demo.md with
# --demo: the node first writes the demo's history, a million counts, so reads have data to read). Needs python3.
# The attacks start once the node is quiet (under a tenth of a core), and each waits for it to be quiet again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${1:-7101}"
DEMO="${2:-}"
[ -f target/outcry.jar ] || ./mvnw -q -o -DskipTests package
# BENCH_DATA: a data folder to reuse (a demo history written by an earlier run), else a new one.
DATA="${BENCH_DATA:-$(mktemp -d "${TMPDIR:-/tmp}/outcry-attacks.XXXXXX")}"
mkdir -p bench/results
# The node runs a copy of the jar: a build meanwhile replaces target/outcry.jar under it.
cp target/outcry.jar "$DATA/outcry.jar"
OUTCRY_PORT="$PORT" OUTCRY_DATA_DIR="$DATA" OUTCRY_TRUSTED_PROXIES=127.0.0.1 \
  "$JAVA" -Xmx768m -XX:+UseG1GC -Xlog:gc:file="$DATA/gc.log":time -jar "$DATA/outcry.jar" serve $DEMO \
  > "$DATA/node.log" 2>&1 &
NODE=$!
trap 'kill "$NODE" 2>/dev/null; wait "$NODE" 2>/dev/null || true' EXIT
RESULT=bench/results/attacks.md
if [ "$DEMO" = "--demo" ]; then
  RESULT=bench/results/attacks-demo.md
  [ -n "${BENCH_DATA:-}" ] || until grep -q "Demo history written" "$DATA/node.log"; do kill -0 "$NODE"; sleep 1; done
fi
# ONLY=<part of a name>: a few of the attacks, for a look; their table stays in the data folder.
[ -z "${ONLY:-}" ] || RESULT="$DATA/attacks.md"
python3 bench/attacks.py "$PORT" "$NODE" "${JAVA_HOME:+$JAVA_HOME/bin/}jcmd" "$DATA/gc.log" | tee "$RESULT"
echo "node log: $DATA/node.log ($(grep -c ' ERROR ' "$DATA/node.log" || true) ERROR lines)"
