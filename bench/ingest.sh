#!/usr/bin/env bash
# Ingest throughput: durable POST /api/v1/reports against the parse-only ceiling, same server, same run.
# Usage: bench/ingest.sh [seconds=15] [connections=64] [postgres|jdbc-url]
#   no third argument: H2 file database; "postgres": an embedded PostgreSQL 17 started for the run.
# Writes bench/results/ingest.md or ingest-postgres.md.
# The JVM runs with the pause goal of the Docker image (G1, 20 ms); BENCH_JVM_OPTS replaces it.
source "$(dirname "$0")/lib.sh"
exec "$JAVA" -Xmx1g ${BENCH_JVM_OPTS:--XX:MaxGCPauseMillis=20} -cp "$CP" io.outcry.bench.IngestBench "$@"
