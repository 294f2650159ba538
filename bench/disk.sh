#!/usr/bin/env bash
# Disk use per million reports on PostgreSQL (pg_total_relation_size after a bulk load); H2's is in bench/memory.sh.
# Usage: bench/disk.sh [reports=1000000]. Writes bench/results/disk-postgres.md.
source "$(dirname "$0")/lib.sh"
exec "$JAVA" -Xmx2g -XX:+UseG1GC ${BENCH_JVM_OPTS:-} -cp "$CP" io.outcry.bench.DiskBench "$@"
