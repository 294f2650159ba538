#!/usr/bin/env bash
# Profiles durable ingest alone with Java Flight Recorder after a warm-up; prints the writer's and the request
# threads' hottest frames. Usage: bench/profile-ingest.sh [seconds=10] [connections=64] [postgres]
source "$(dirname "$0")/lib.sh"
OUT=${JFR_OUT:-target/ingest.jfr}
BENCH_PROFILE=1 "$JAVA" -Xmx1g -XX:FlightRecorderOptions:stackdepth=400 -cp "$CP" io.outcry.bench.IngestBench "$@" \
  | while IFS= read -r line; do
      echo "$line"
      case "$line" in "profile now: pid "*)
        "${JAVA_HOME:+$JAVA_HOME/bin/}jcmd" "${line##* }" JFR.start settings=profile duration="${1:-10}s" filename="$PWD/$OUT" >/dev/null;;
      esac
    done
echo "recording: $OUT  (jfr print --stack-depth 300 --events jdk.ExecutionSample $OUT)"
