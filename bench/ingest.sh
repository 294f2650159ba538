#!/usr/bin/env bash
# Ingest throughput: durable POST /api/v1/reports against the parse-only ceiling, same server, same run.
# Usage: bench/ingest.sh [seconds=15] [connections=64] [postgres|jdbc-url]
#   no third argument: H2 file database; "postgres": an embedded PostgreSQL 17 started for the run.
# Writes bench/results/ingest.md or ingest-postgres.md.
source "$(dirname "$0")/lib.sh"
exec "$JAVA" -Xmx1g -XX:+UseG1GC ${BENCH_JVM_OPTS:-} -cp "$CP" io.outcry.bench.IngestBench "$@"
