#!/bin/bash
# Times `serve --demo` on an empty data folder: seconds from launch to the printed address (with the CPU seconds the
# JVM had used by then and the machine's load average), and to the log line that says the demo's history is all
# written. Usage: bench/demo-start.sh [port] (run from the repository, jar built).
set -e
PORT=${1:-7070}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/outcry-demo-start.XXXXXX")
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
cp target/outcry.jar "$DIR/outcry.jar" # a build meanwhile replaces target/outcry.jar
touch "$DIR/out.log"
load=$(cut -d' ' -f1 /proc/loadavg)
start=$(date +%s.%N)
OUTCRY_DATA_DIR=$DIR OUTCRY_PORT=$PORT $JAVA -jar "$DIR/outcry.jar" serve --demo > "$DIR/out.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$DIR"' EXIT
until grep -q "running at" "$DIR/out.log"; do kill -0 $pid; sleep 0.05; done
url=$(date +%s.%N)
cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' /proc/$pid/stat)
until grep -q "Demo history written" "$DIR/out.log"; do kill -0 $pid; sleep 0.2; done
done_at=$(date +%s.%N)
printf 'address printed after %.1f s (%.1f s of CPU by then; load average %s at launch); history written after %.1f s\n' \
    "$(echo "$url - $start" | bc)" "$cpu" "$load" "$(echo "$done_at - $start" | bc)"
