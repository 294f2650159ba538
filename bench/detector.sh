#!/usr/bin/env bash
# Detector: time per tick of DetectionJob (statistics and the tick's SQL) against the number of active series.
# Usage: bench/detector.sh [sizes...] [postgres]   (default 1000 10000 100000; "postgres": embedded PostgreSQL 17)
# Writes bench/results/detector.md, or detector-postgres.md.
source "$(dirname "$0")/lib.sh"
exec "$JAVA" -Xmx3g -XX:+UseG1GC ${BENCH_JVM_OPTS:-} -cp "$CP" io.outcry.bench.DetectorBench "$@"
