#!/usr/bin/env bash
# Read throughput: status, map (country, region, all services), JSON Feed against /health, same server, same run,
# with 1 million reports in the last hour across 100 services and 3,000 regions.
# Usage: bench/reads.sh [seconds=8] [connections=64] [reports=1000000]   (BENCH_GZIP=true asks for gzip)
# Writes bench/results/reads.md (reads-gzip.md with BENCH_GZIP=true); BENCH_ONLY=text measures only the endpoints
# whose name contains text, besides the ceilings.
source "$(dirname "$0")/lib.sh"
exec "$JAVA" -Xmx2g -XX:+UseG1GC ${BENCH_JVM_OPTS:-} -cp "$CP" io.outcry.bench.ReadBench "$@"
