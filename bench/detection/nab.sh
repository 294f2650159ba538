#!/usr/bin/env bash
# Detection on real data: NAB's real count series (realTweets, nyc_taxi) with their labelled windows, scored by event,
# Outcry's detectors next to NAB's published ones scored the same way. Writes bench/results/detection-nab.md.
# Usage: bench/detection/nab.sh [NAB_DIR] [explain]
# "explain": instead of the table, one line per labelled realTweets window and per burst outside them (found or not,
# largest observed/expected, the rule's evidence in log-days and at which scale, the level) — see NabDump.
# NAB (https://github.com/numenta/NAB) is not copied into Outcry. NAB_DIR (argument, or $NAB_DIR) is a checkout of
# it; when it is absent, NAB is cloned there (default /tmp/outcry-nab) at the commit the figures in
# docs/detection.md came from.
set -euo pipefail
NAB_COMMIT=ea702d75cc2258d9d7dd35ca8e5e2539d71f3140
NAB_DIR="${1:-${NAB_DIR:-/tmp/outcry-nab}}"
if [ ! -f "$NAB_DIR/labels/combined_windows.json" ]; then
  git clone --quiet https://github.com/numenta/NAB.git "$NAB_DIR"
  git -C "$NAB_DIR" checkout --quiet "$NAB_COMMIT"
fi
NAB_DIR="$(cd "$NAB_DIR" && pwd)"
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
./mvnw -q -o test-compile
M2=~/.m2/repository
CP="target/test-classes:target/classes:$M2/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
for jar in jackson-databind/2.23.0/jackson-databind-2.23.0 jackson-core/2.23.0/jackson-core-2.23.0 \
    jackson-annotations/2.23/jackson-annotations-2.23; do
  CP="$CP:$M2/com/fasterxml/jackson/core/$jar.jar"
done
if [ "${2:-}" = explain ]; then
  exec "$JAVA_HOME/bin/java" -cp "$CP" io.outcry.detect.NabDump "$NAB_DIR"
fi
exec "$JAVA_HOME/bin/java" -cp "$CP" io.outcry.bench.NabBench "$NAB_DIR"
