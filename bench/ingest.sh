#!/usr/bin/env bash
# Ingest throughput: durable POST /api/v1/reports against the parse-only ceiling, same server, same run.
# Usage: bench/ingest.sh [seconds=15] [connections=64] [jdbc-url]   (needs JDK 21+ as JAVA_HOME or java)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package test-compile
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -Xmx1g -cp "target/outcry.jar:target/test-classes" io.outcry.bench.IngestBench "$@"
