#!/usr/bin/env bash
# The report writer's cost per report without HTTP (ReportStore.write, one thread, fixed batches).
# Usage: bench/writer.sh [reports=200000] [batch=64] [jdbc-url|postgres]
# WRITER_OPTS=-Dvaried=true: batch sizes from 1 to 2×batch-1, as under load; -Dcap=0 turns the subnet cap off.
source "$(dirname "$0")/lib.sh"
"$JAVA" -Xmx1g ${WRITER_OPTS:-} -cp "$CP" io.outcry.bench.WriterBench "$@"
