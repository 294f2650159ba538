#!/usr/bin/env bash
# Memory and start-up: bulk-loads reports (10 million by default) into an H2 file, then starts a node on it in its
# own JVM: time to /ready, heap after a full GC, RSS; and the file's size per million reports.
# Usage: bench/memory.sh [reports=10000000]. Writes bench/results/memory.md.
source "$(dirname "$0")/lib.sh"
exec "$JAVA" -Xmx3g -XX:+UseG1GC ${BENCH_JVM_OPTS:-} -cp "$CP" io.outcry.bench.MemoryBench "$@"
